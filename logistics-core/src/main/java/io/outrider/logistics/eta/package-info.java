@NullMarked
package io.outrider.logistics.eta;

import org.jspecify.annotations.NullMarked;
