/**
 * The alert engine in the server: its settings ({@code outrider.alerts.*}), the Kafka consumers and producer, the
 * Quartz tick, and the HTTP API (alerts, rules, silences, the Alertmanager webhook).
 */
@NullMarked
package io.outrider.alert.spring;

import org.jspecify.annotations.NullMarked;
