@NullMarked
package io.outrider.logistics.order;

import org.jspecify.annotations.NullMarked;
