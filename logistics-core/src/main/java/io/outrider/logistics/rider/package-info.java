@NullMarked
package io.outrider.logistics.rider;

import org.jspecify.annotations.NullMarked;
