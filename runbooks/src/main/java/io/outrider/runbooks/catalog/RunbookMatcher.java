package io.outrider.runbooks.catalog;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import java.util.Collection;
import java.util.List;

/**
 * Which runbooks an incident calls for: its most likely root cause is the trigger's service (and, when the trigger
 * names one, the endpoint shows in its evidence), one of its alerts has the trigger's symptom, it is at least as
 * severe, and it is in the trigger's unit.
 */
public final class RunbookMatcher {

    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    private RunbookMatcher() {}

    public static List<Runbook> matching(Incident incident, Collection<Runbook> runbooks) {
        RootCause rootCause = incident.rootCause();
        if (rootCause == null || rootCause.top() == null || !incident.status().open()) return List.of();
        RootCause.Suspect top = rootCause.ranking().getFirst();
        return runbooks.stream()
                .filter(r -> matches(r.trigger(), incident, top))
                .toList();
    }

    static boolean matches(Runbook.Trigger trigger, Incident incident, RootCause.Suspect top) {
        if (!trigger.service().equals(top.service())) return false;
        if (trigger.endpoint() != null
                && top.evidence().stream().noneMatch(e -> e.series().contains(trigger.endpoint()))) return false;
        if (trigger.symptom() != null
                && incident.alerts().values().stream()
                        .noneMatch(a -> trigger.symptom().equals(a.labels().get("symptom")))) return false;
        if (SEVERITIES.indexOf(incident.severity()) < SEVERITIES.indexOf(trigger.severity())) return false;
        return trigger.unit() == null || trigger.unit().equals(incident.unit());
    }
}
