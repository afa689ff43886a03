package io.outrider.alert.eval;

/**
 * One group's result in one window: whether the rule's condition holds, the value seen, the value expected (the
 * threshold, the baseline, the burn factor; NaN when there is none) and a sentence for people.
 */
public record Observation(boolean holds, double observed, double expected, String detail) {}
