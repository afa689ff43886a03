/**
 * Rule evaluation: what a rule's query reads from a window ({@link io.outrider.alert.eval.Selection}), each rule
 * type's condition with its per-group state ({@link io.outrider.alert.eval.Evaluator}), and the engine that closes
 * windows on the clock, evaluates, drives each alert's lifecycle and publishes its events
 * ({@link io.outrider.alert.eval.AlertEngine}).
 */
@NullMarked
package io.outrider.alert.eval;

import org.jspecify.annotations.NullMarked;
