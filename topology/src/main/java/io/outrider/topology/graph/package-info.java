@NullMarked
package io.outrider.topology.graph;

import org.jspecify.annotations.NullMarked;
