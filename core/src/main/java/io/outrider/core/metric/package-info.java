/** Metric points: a named value at a time, with sorted labels that identify its series. */
@NullMarked
package io.outrider.core.metric;

import org.jspecify.annotations.NullMarked;
