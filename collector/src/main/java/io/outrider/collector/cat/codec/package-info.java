/**
 * Decoding of the CAT client's frames: the binary NT1 codec the Java client 3.1.0 sends and the text PT1 codec of the
 * other clients, into {@link io.outrider.core.trace.MessageTree}s. Pure functions over bytes, no I/O.
 */
@NullMarked
package io.outrider.collector.cat.codec;

import org.jspecify.annotations.NullMarked;
