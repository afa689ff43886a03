@NullMarked
package io.outrider.topology.report;

import org.jspecify.annotations.NullMarked;
