@NullMarked
package io.outrider.topology.trace;

import org.jspecify.annotations.NullMarked;
