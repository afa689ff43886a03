/** Incidents in Elasticsearch ({@code outrider-incidents}), written with optimistic concurrency. */
@NullMarked
package io.outrider.dedup.store;

import org.jspecify.annotations.NullMarked;
