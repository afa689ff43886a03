package io.outrider.runbooks.catalog;

import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a runbook as written: its action type and arguments, which may name parameters
 * ({@code qps: ${qps}}); validated when the runbook is read, resolved when it runs.
 *
 * @param origin {@code file:line} of the step, for errors at run time
 */
public record ActionSpec(String type, Map<String, String> args, String origin) {

    public ActionSpec {
        args = java.util.Collections.unmodifiableMap(new TreeMap<>(args));
    }
}
