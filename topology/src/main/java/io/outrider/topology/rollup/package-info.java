@NullMarked
package io.outrider.topology.rollup;

import org.jspecify.annotations.NullMarked;
