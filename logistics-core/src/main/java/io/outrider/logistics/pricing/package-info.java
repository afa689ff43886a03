@NullMarked
package io.outrider.logistics.pricing;

import org.jspecify.annotations.NullMarked;
