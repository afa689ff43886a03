package io.outrider.drill;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Something done to Outrider itself in the middle of each drill, such as killing one of its instances: the drill then
 * measures whether the loop still holds (one incident per fault, the root cause, each runbook step once).
 *
 * @param after when, from the start of the fault
 * @param action does it and says what it did, for the timeline ({@code "instance-2 (pid 4242) killed"})
 */
public record Disruption(Duration after, Callable<String> action) {}
