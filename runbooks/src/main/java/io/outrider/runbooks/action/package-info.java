/**
 * Actions of runbooks on the logistics core's control API: idempotent, read back, each with its inverse, every
 * change time-boxed on the control API as a second safety net; parameters bound within their bounds.
 */
@NullMarked
package io.outrider.runbooks.action;

import org.jspecify.annotations.NullMarked;
