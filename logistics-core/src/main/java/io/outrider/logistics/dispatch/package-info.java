@NullMarked
package io.outrider.logistics.dispatch;

import org.jspecify.annotations.NullMarked;
