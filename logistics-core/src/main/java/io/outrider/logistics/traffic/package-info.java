@NullMarked
package io.outrider.logistics.traffic;

import org.jspecify.annotations.NullMarked;
