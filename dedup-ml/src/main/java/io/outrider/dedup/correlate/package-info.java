/**
 * Correlation of alerts into incidents: deduplication per fingerprint ({@link io.outrider.dedup.correlate.Deduplicator}),
 * the features of an alert–incident pair ({@link io.outrider.dedup.correlate.Features}) over the call graph
 * ({@link io.outrider.dedup.correlate.CallGraph}), the correlators that decide ({@link io.outrider.dedup.correlate.Correlator}),
 * and the book of open incidents they feed ({@link io.outrider.dedup.correlate.IncidentBook}).
 */
@NullMarked
package io.outrider.dedup.correlate;

import org.jspecify.annotations.NullMarked;
