package io.outrider.collector.cat.codec;

/**
 * Bounds on what one frame may hold, so that hostile or broken input costs bounded memory and stack.
 *
 * @param maxMessages messages per tree (the client splits trees at 2000 by default)
 * @param maxDepth nesting of transactions
 */
public record DecodeLimits(int maxMessages, int maxDepth) {

    public static final DecodeLimits DEFAULT = new DecodeLimits(100_000, 512);

    public DecodeLimits {
        if (maxMessages < 1) throw new IllegalArgumentException("maxMessages < 1: " + maxMessages);
        if (maxDepth < 1) throw new IllegalArgumentException("maxDepth < 1: " + maxDepth);
    }
}
