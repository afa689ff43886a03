package io.outrider.runbooks.spring;

import io.outrider.runbooks.action.ControlException;
import io.outrider.runbooks.catalog.RunbookCatalog;
import io.outrider.runbooks.run.AuditLog;
import io.outrider.runbooks.run.RunStore;
import io.outrider.runbooks.run.RunbookExecutor;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runbooks over HTTP: the catalog ({@code GET /api/runbooks}, reload), dry runs, starting a run, the runs with their
 * audit, approve / reject / revert, and the global pause.
 */
@RestController
public class RunbookController {

    /** What a person sends to start a run or ask for a dry run. */
    public record RunRequest(
            @Nullable String target,
            @Nullable String incidentId,
            @Nullable Map<String, Double> parameters,
            @Nullable String by) {}

    private final AtomicReference<RunbookCatalog.Loaded> catalog;
    private final java.nio.file.@Nullable Path directory;
    private final RunbookExecutor executor;
    private final RunStore runs;
    private final AuditLog audit;
    private final Set<String> approvers;

    RunbookController(
            AtomicReference<RunbookCatalog.Loaded> catalog,
            java.nio.file.@Nullable Path directory,
            RunbookExecutor executor,
            RunStore runs,
            AuditLog audit,
            List<String> approvers) {
        this.catalog = catalog;
        this.directory = directory;
        this.executor = executor;
        this.runs = runs;
        this.audit = audit;
        this.approvers = Set.copyOf(approvers);
    }

    @GetMapping("/api/runbooks")
    public ResponseEntity<Object> list() {
        return answer(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runbooks", catalog.get().runbooks().values());
            out.put(
                    "errors",
                    catalog.get().errors().stream().map(Object::toString).toList());
            out.put("paused", executor.paused());
            return out;
        });
    }

    /** Reads the catalog again (shipped and directory); a broken file is listed and keeps nothing of it. */
    @PostMapping("/api/runbooks/reload")
    public ResponseEntity<Object> reload() {
        catalog.set(RunbookCatalog.load(directory));
        return list();
    }

    @GetMapping("/api/runbooks/{id}")
    public ResponseEntity<Object> one(@PathVariable String id) {
        var runbook = catalog.get().runbooks().get(id);
        return runbook == null
                ? error(HttpStatus.NOT_FOUND, "no runbook " + id + "; GET /api/runbooks lists them")
                : ResponseEntity.ok(runbook);
    }

    /** Exactly what a run would change now, read from the services; nothing is written. */
    @PostMapping("/api/runbooks/{id}/dry-run")
    public ResponseEntity<Object> dryRun(@PathVariable String id, @RequestBody RunRequest request) {
        return answer(() ->
                Map.of("plan", executor.dryRun(id, request.parameters() == null ? Map.of() : request.parameters())));
    }

    /** A person starts a run: it waits for an approver (who may be the same person). */
    @PostMapping("/api/runbooks/{id}/runs")
    public ResponseEntity<Object> start(
            @PathVariable String id, @RequestBody RunRequest request, @Nullable Principal user) {
        var runbook = catalog.get().runbooks().get(id);
        String target = request.target() != null
                ? request.target()
                : runbook != null ? runbook.trigger().service() : "";
        return answer(() -> executor.propose(
                id,
                target,
                request.incidentId(),
                request.parameters() == null ? Map.of() : request.parameters(),
                actor(user, request.by() == null ? "" : request.by()),
                false));
    }

    @GetMapping("/api/runbook-runs")
    public ResponseEntity<Object> runs(@RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > 1000) return error(HttpStatus.BAD_REQUEST, "size must be between 1 and 1000");
        return answer(() -> Map.of("runs", runs.recent(size)));
    }

    @GetMapping("/api/runbook-runs/{id}")
    public ResponseEntity<Object> run(@PathVariable String id) {
        return answer(() -> Map.of(
                "run",
                runs.read(id)
                        .orElseThrow(() -> new NoSuchElementException("no run " + id))
                        .run(),
                "audit",
                audit.of(id)));
    }

    @PostMapping("/api/runbook-runs/{id}/approve")
    public ResponseEntity<Object> approve(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String by,
            @Nullable Principal user,
            org.springframework.web.context.request.WebRequest request) {
        String actor = actor(user, by);
        // an approver: one named in outrider.runbooks.approvers; without that list, any signed-in responder (admins
        // are responders too)
        Set<String> roles =
                RunbookExecutor.approverRoles(approvers, actor, user != null && request.isUserInRole("RESPONDER"));
        return answer(() -> executor.approve(id, actor, roles));
    }

    @PostMapping("/api/runbook-runs/{id}/reject")
    public ResponseEntity<Object> reject(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String by,
            @RequestParam(defaultValue = "rejected") String why,
            @Nullable Principal user) {
        return answer(() -> executor.reject(id, actor(user, by), why));
    }

    @PostMapping("/api/runbook-runs/{id}/revert")
    public ResponseEntity<Object> revert(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String by,
            @RequestParam(defaultValue = "reverted by hand") String why,
            @Nullable Principal user) {
        return answer(() -> executor.revert(id, actor(user, by), why));
    }

    @PostMapping("/api/runbooks/pause")
    public ResponseEntity<Object> pause(@RequestParam(defaultValue = "") String by, @Nullable Principal user) {
        return answer(() -> {
            executor.pause(true, actor(user, by));
            return Map.of("paused", true);
        });
    }

    @PostMapping("/api/runbooks/resume")
    public ResponseEntity<Object> resume(@RequestParam(defaultValue = "") String by, @Nullable Principal user) {
        return answer(() -> {
            executor.pause(false, actor(user, by));
            return Map.of("paused", false);
        });
    }

    /** Who acts: the signed-in user, else the {@code by} the caller names (when the server runs without login). */
    private static String actor(@Nullable Principal user, String by) {
        return user != null ? user.getName() : by.strip();
    }

    interface Call {
        Object call() throws Exception;
    }

    /** The answer, or the error as a status a client can act on, with a message that says why. */
    static ResponseEntity<Object> answer(Call call) {
        try {
            return ResponseEntity.ok(call.call());
        } catch (IllegalArgumentException e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (NoSuchElementException e) {
            return error(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (SecurityException e) {
            return error(HttpStatus.FORBIDDEN, e.getMessage() + " (outrider.runbooks.approvers)");
        } catch (IllegalStateException | RunbookExecutor.RunRefused e) {
            return error(HttpStatus.CONFLICT, e.getMessage());
        } catch (ControlException e) {
            return error(HttpStatus.BAD_GATEWAY, e.getMessage());
        } catch (io.outrider.runbooks.run.RunStore.ConflictException e) {
            return error(HttpStatus.CONFLICT, e.getMessage() + "; read the run again and retry");
        } catch (Exception e) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "runbook store unavailable: " + e.getMessage());
        }
    }

    static ResponseEntity<Object> error(HttpStatus status, @Nullable String message) {
        return ResponseEntity.status(status).body(Map.of("error", String.valueOf(message)));
    }
}
