/** Incidents: an alert storm folded into one problem, with its lifecycle and timeline. */
@NullMarked
package io.outrider.core.incident;

import org.jspecify.annotations.NullMarked;
