package io.outrider.runbooks.catalog;

import java.util.Map;
import java.util.Set;

/** The actions a step may name, and the arguments each takes. */
public final class ActionTypes {

    /** One action type's arguments: required, optional, which of them are numbers, and the allowed words of some. */
    public record Schema(
            Set<String> required, Set<String> optional, Set<String> numbers, Map<String, Set<String>> words) {
        boolean knows(String arg) {
            return required.contains(arg) || optional.contains(arg);
        }
    }

    public static final Map<String, Schema> TYPES = Map.of(
            "flow-rule",
            new Schema(
                    Set.of("service", "resource", "qps"),
                    Set.of("behavior", "warmUpSec", "maxQueueMs"),
                    Set.of("qps", "warmUpSec", "maxQueueMs"),
                    Map.of("behavior", Set.of("reject", "warm_up", "rate_limiter"))),
            "param-rule",
            new Schema(
                    Set.of("service", "resource", "qps"),
                    Set.of("paramIdx", "durationSec"),
                    Set.of("qps", "paramIdx", "durationSec"),
                    Map.of()),
            "degrade-rule",
            new Schema(
                    Set.of("service", "resource", "grade", "count", "windowSec"),
                    Set.of("slowRatio", "minRequests"),
                    Set.of("count", "windowSec", "slowRatio", "minRequests"),
                    Map.of("grade", Set.of("slow_ratio", "error_ratio", "error_count"))),
            "system-rule",
            new Schema(
                    Set.of("service"),
                    Set.of("cpu", "load", "qps", "maxThread", "avgRtMs"),
                    Set.of("cpu", "load", "qps", "maxThread", "avgRtMs"),
                    Map.of()),
            "switch",
            new Schema(Set.of("service", "name", "value"), Set.of(), Set.of(), Map.of()),
            "shed",
            new Schema(Set.of("service", "class"), Set.of(), Set.of(), Map.of()),
            "notify",
            new Schema(Set.of("message"), Set.of("channel"), Set.of(), Map.of()),
            "wait",
            new Schema(Set.of("duration"), Set.of(), Set.of(), Map.of()),
            "http",
            new Schema(
                    Set.of("method", "url"),
                    Set.of("body"),
                    Set.of(),
                    Map.of("method", Set.of("GET", "POST", "PUT", "DELETE"))));

    private ActionTypes() {}
}
