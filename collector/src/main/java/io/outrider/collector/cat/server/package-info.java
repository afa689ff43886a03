/**
 * The CAT TCP listener: length-prefixed frames from CAT clients, decoded, normalized and handed to a
 * {@link io.outrider.collector.ingest.IngestSink}; bad frames counted per client and dead-lettered; reading paused
 * while the sink is congested. It never writes to a socket: the CAT protocol has no replies.
 */
@NullMarked
package io.outrider.collector.cat.server;

import org.jspecify.annotations.NullMarked;
