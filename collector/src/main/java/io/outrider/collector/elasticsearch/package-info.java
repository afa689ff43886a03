/** The Elasticsearch writer: span records from Kafka into daily {@code outrider-spans-*} indices. */
@NullMarked
package io.outrider.collector.elasticsearch;

import org.jspecify.annotations.NullMarked;
