/**
 * Traces as the CAT client records them: a message tree per request and thread, whose messages are transactions
 * (with children and a duration), events, metrics, heartbeats and trace lines, linked across processes by parent
 * and root message ids.
 */
@NullMarked
package io.outrider.core.trace;

import org.jspecify.annotations.NullMarked;
