/**
 * Interoperability with Prometheus Alertmanager: its webhook payload read into Outrider alert events
 * ({@link io.outrider.alert.alertmanager.AlertmanagerWebhook}).
 */
@NullMarked
package io.outrider.alert.alertmanager;

import org.jspecify.annotations.NullMarked;
