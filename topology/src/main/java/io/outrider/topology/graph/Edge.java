package io.outrider.topology.graph;

/** A dependency: {@code caller} calls {@code callee} (service names, i.e. CAT domains). */
public record Edge(String caller, String callee) {}
