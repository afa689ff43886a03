/**
 * Windowed aggregation of the telemetry streams: span trees and metric points folded into aligned 10 s and 1 min
 * windows, closed by the clock ({@link io.outrider.alert.window.WindowAggregator}).
 */
@NullMarked
package io.outrider.alert.window;

import org.jspecify.annotations.NullMarked;
