package io.outrider.runbooks.action;

import tools.jackson.databind.JsonNode;

/**
 * What an action found and left: {@code before} as read from the control API, {@code after} as read back after
 * the change (or what would be in force, for a plan).
 *
 * @param changed false when what the action wants was already in force (nothing was written)
 */
public record Change(String target, JsonNode before, JsonNode after, boolean changed) {}
