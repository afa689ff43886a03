/**
 * Runs of runbooks: the executor's state machine, runs stored with optimistic concurrency, and the append-only
 * audit of every transition.
 */
@NullMarked
package io.outrider.runbooks.run;

import org.jspecify.annotations.NullMarked;
