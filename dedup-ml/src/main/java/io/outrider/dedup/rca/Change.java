package io.outrider.dedup.rca;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Something changed in a service: a deployment, a configuration or rule change, an injected fault. A change shortly
 * before an anomaly is evidence against its service.
 *
 * @param what e.g. {@code fault latency /eta}, {@code rules flow}; a change that concerns one unit only says so as
 *     {@code city=NAME} or {@code unit=NAME} ({@code fault errors city=beijing})
 */
public record Change(String service, long atMillis, String what) {

    private static final Pattern UNIT = Pattern.compile("(?:^|\\s)(?:city|unit)=([A-Za-z0-9_.-]+)");

    /** The unit (city) this change is limited to, or null when it concerns the service everywhere. */
    public @Nullable String unit() {
        Matcher m = UNIT.matcher(what);
        return m.find() ? m.group(1) : null;
    }

    /** Whether it can explain an incident of {@code unit}: it concerns that unit or all, or the incident is global. */
    public boolean concerns(String unit) {
        String own = unit();
        return own == null || unit.equals("global") || own.equals(unit);
    }
}
