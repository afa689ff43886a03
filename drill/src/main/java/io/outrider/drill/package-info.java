/**
 * Fault drills on the live system: a scenario's faults injected into the running logistics core through its fault
 * API, Outrider's answer observed through its REST API (alerts, incidents, root cause, runbook runs) and the
 * business KPIs read from the services, measured against the ground truth, and reported.
 */
@NullMarked
package io.outrider.drill;

import org.jspecify.annotations.NullMarked;
