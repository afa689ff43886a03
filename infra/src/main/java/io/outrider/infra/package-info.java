/**
 * The connection to the outside: Elasticsearch and Kafka clients, index templates and retention, topic creation,
 * and the embedded engines of the zero-config mode. Spring wiring lives in {@code io.outrider.infra.spring} only.
 */
@NullMarked
package io.outrider.infra;

import org.jspecify.annotations.NullMarked;
