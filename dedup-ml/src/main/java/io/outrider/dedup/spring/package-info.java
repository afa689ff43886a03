/**
 * Correlation in the server: the consumer of {@code outrider.alerts}, the incident store and events, the incident
 * API ({@code outrider.incidents.*} settings).
 */
@NullMarked
package io.outrider.dedup.spring;

import org.jspecify.annotations.NullMarked;
