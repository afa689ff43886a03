package io.outrider.console.chat;

import io.outrider.core.incident.Incident;
import io.outrider.core.incident.IncidentStatus;
import io.outrider.dedup.spring.IncidentService;
import io.outrider.runbooks.run.Run;
import io.outrider.runbooks.run.RunbookExecutor;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Chat commands acting on Outrider: incidents through the incident service, runs through the runbook executor,
 * with the same rules as the console (approvers: the configured names, else any responder).
 */
public final class OutriderChatActions implements ChatCommands.Actions {

    private final IncidentService incidents;
    private final RunbookExecutor runs;
    private final List<String> approvers;
    private final java.util.function.Predicate<String> responder;

    /**
     * @param approvers {@code outrider.runbooks.approvers}: who may approve runs; empty for any responder
     * @param responder whether a user is a responder (or admin)
     */
    public OutriderChatActions(
            IncidentService incidents,
            RunbookExecutor runs,
            List<String> approvers,
            java.util.function.Predicate<String> responder) {
        this.incidents = incidents;
        this.runs = runs;
        this.approvers = List.copyOf(approvers);
        this.responder = responder;
    }

    @Override
    public String acknowledge(String incidentId, String user) throws Exception {
        return line(incidents.transition(incidentId, IncidentStatus.ACKNOWLEDGED, user), "acknowledged by " + user);
    }

    @Override
    public String resolve(String incidentId, String user) throws Exception {
        return line(incidents.transition(incidentId, IncidentStatus.RESOLVED, user), "resolved by " + user);
    }

    @Override
    public String status(String incidentId) throws Exception {
        Incident incident =
                incidents.find(incidentId).orElseThrow(() -> new NoSuchElementException("no incident " + incidentId));
        String cause = incident.rootCause() == null || incident.rootCause().top() == null
                ? "root cause not ranked yet"
                : "most likely root cause " + incident.rootCause().top();
        return line(incident, incident.alertCount() + " alerts, " + cause);
    }

    @Override
    public String approve(String runId, String user) throws Exception {
        Run run = runs.approve(runId, user, RunbookExecutor.approverRoles(approvers, user, responder.test(user)));
        return "Run " + run.id() + " (" + run.runbookId() + " on " + run.target() + ") approved by " + user + ": "
                + run.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String reject(String runId, String user, String why) throws Exception {
        Run run = runs.reject(runId, user, why);
        return "Run " + run.id() + " (" + run.runbookId() + ") rejected by " + user + ": " + why;
    }

    private static String line(Incident incident, String what) {
        return "Incident " + incident.id() + " (" + incident.severity() + ", " + incident.unit() + ": "
                + String.join(", ", incident.services()) + ") is "
                + incident.status().wire() + "; " + what;
    }
}
