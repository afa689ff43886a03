package io.outrider.runbooks.spring;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.runbooks.catalog.Runbook;
import io.outrider.runbooks.catalog.RunbookMatcher;
import io.outrider.runbooks.run.RunbookExecutor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code outrider.incidents}: an open incident whose root cause matches a runbook's trigger proposes a run of
 * it (once per incident and runbook while it stays open — again when it comes back after it was resolved;
 * {@code auto} runbooks start, {@code approval} ones wait for an approver, manual ones are never proposed); a resolved
 * incident's time is kept, for the hold before a revert.
 */
final class IncidentTrigger {

    private static final Logger log = LoggerFactory.getLogger(IncidentTrigger.class);

    private final Supplier<Map<String, Runbook>> catalog;
    private final RunbookExecutor executor;
    private final ResolvedIncidents resolved;
    private final boolean autoTrigger;
    private final Set<String> proposed = ConcurrentHashMap.newKeySet();

    IncidentTrigger(
            Supplier<Map<String, Runbook>> catalog,
            RunbookExecutor executor,
            ResolvedIncidents resolved,
            boolean autoTrigger) {
        this.catalog = catalog;
        this.executor = executor;
        this.resolved = resolved;
        this.autoTrigger = autoTrigger;
    }

    /** One change of an incident: its resolution noted, matching runbooks proposed once per time it is open. */
    void changed(Incident incident) {
        if (incident.status() == IncidentStatus.RESOLVED) {
            resolved.put(incident.id(), incident.updatedAt());
            // the fault may come back (the incident is triggered again by its alerts): its runbooks may then run again
            proposed.removeIf(key -> key.startsWith(incident.id() + " "));
        } else resolved.remove(incident.id());
        if (!autoTrigger) return;
        for (Runbook runbook : RunbookMatcher.matching(incident, catalog.get().values())) {
            if (runbook.mode() == Runbook.Mode.MANUAL || !proposed.add(incident.id() + " " + runbook.id())) continue;
            try {
                executor.propose(
                        runbook.id(),
                        runbook.trigger().service(),
                        incident.id(),
                        Map.of(),
                        "incident " + incident.id(),
                        true);
                log.info("Runbook {} proposed for incident {}", runbook.id(), incident.id());
            } catch (RunbookExecutor.RunRefused e) {
                log.info("Runbook {} not run for incident {}: {}", runbook.id(), incident.id(), e.getMessage());
            } catch (Exception e) {
                proposed.remove(incident.id() + " " + runbook.id()); // try again with the next event
                log.warn("Runbook {} not proposed for incident {}: {}", runbook.id(), incident.id(), e.toString());
            }
        }
    }
}
