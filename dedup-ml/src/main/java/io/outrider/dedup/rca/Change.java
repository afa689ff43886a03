package io.outrider.dedup.rca;

/**
 * Something changed in a service: a deployment, a configuration or rule change, an injected fault. A change shortly
 * before an anomaly is evidence against its service.
 *
 * @param what e.g. {@code fault latency /eta}, {@code rules flow}
 */
public record Change(String service, long atMillis, String what) {}
