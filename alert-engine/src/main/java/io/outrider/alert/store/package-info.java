/**
 * What the alert engine keeps in Elasticsearch: the history of alert events ({@code outrider-alerts-YYYY.MM}) and
 * the silences ({@code outrider-silences}).
 */
@NullMarked
package io.outrider.alert.store;

import org.jspecify.annotations.NullMarked;
