/**
 * From decoded CAT trees to what Outrider stores: merge trees unwrapped into their own trees, URL names with
 * fewer distinct values, business metrics parsed whatever the sender's locale, heartbeat status XML as metric
 * points.
 */
@NullMarked
package io.outrider.collector.cat.normalize;

import org.jspecify.annotations.NullMarked;
