@NullMarked
package io.outrider.logistics.platform;

import org.jspecify.annotations.NullMarked;
