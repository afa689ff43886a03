package io.outrider.logistics.control;

import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRuleManager;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRuleManager;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRuleManager;
import com.alibaba.csp.sentinel.slots.system.SystemRuleManager;
import io.outrider.logistics.platform.BearerToken;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.Request;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API of a service: read and replace its Sentinel rules (flow, degrade, param, system) and its degrade
 * switches, each change optionally time-boxed so nothing stays throttled if its caller disappears. Every change
 * is audited with who ({@code X-Actor}) and why ({@code reason}). Bearer-token authentication.
 */
public final class ControlApi {

    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);
    private static final int AUDIT_SIZE = 500;

    /** The kinds of rules. */
    public enum Kind {
        FLOW,
        DEGRADE,
        PARAM,
        SYSTEM
    }

    /** A request to replace one kind's rules. */
    public record FlowRules(
            List<RuleSpecs.Flow> rules,
            @Nullable Long ttlSeconds,
            @Nullable String reason) {}

    public record DegradeRules(
            List<RuleSpecs.Degrade> rules,
            @Nullable Long ttlSeconds,
            @Nullable String reason) {}

    public record ParamRules(
            List<RuleSpecs.Param> rules,
            @Nullable Long ttlSeconds,
            @Nullable String reason) {}

    public record SystemRules(
            List<RuleSpecs.System> rules,
            @Nullable Long ttlSeconds,
            @Nullable String reason) {}

    /** A request to set a switch. */
    public record SwitchChange(
            Object value,
            @Nullable Long ttlSeconds,
            @Nullable String reason) {}

    /** One audited change. */
    public record AuditEntry(
            Instant at,
            String actor,
            String reason,
            String target,
            Object before,
            Object after,
            @Nullable Instant expiresAt) {}

    private record PendingRevert(Object baseline, Instant expiresAt, ScheduledFuture<?> future) {}

    private final BearerToken token;
    private final Switches switches;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("rule-expiry").factory());
    private final Map<Kind, PendingRevert> pending = new EnumMap<>(Kind.class);
    private final Deque<AuditEntry> audit = new ArrayDeque<>();

    private volatile java.util.function.Consumer<String> changes = what -> {};

    /** Where changes are announced (the service logs them as CAT {@code Change} events): {@code rules flow}, ... */
    public ControlApi onChange(java.util.function.Consumer<String> listener) {
        this.changes = listener;
        return this;
    }

    public ControlApi(BearerToken token, Switches switches, Clock clock) {
        this.token = token;
        this.switches = switches;
        this.clock = clock;
    }

    public void mount(HttpApp app) {
        app.operational("GET", "/control/rules", authed(r -> rulesInForce()));
        app.operational("GET", "/control/rules/{kind}", authed(r -> inForce(kind(r))));
        app.operational("PUT", "/control/rules/{kind}", authed(this::replaceRules));
        app.operational("DELETE", "/control/rules/{kind}", authed(r -> {
            Kind kind = kind(r);
            apply(
                    kind,
                    List.of(),
                    null,
                    actor(r),
                    Optional.ofNullable(r.header("X-Reason")).orElse("cleared"));
            return inForce(kind);
        }));
        app.operational("GET", "/control/switches", authed(r -> switches.states(clock.instant())));
        app.operational("PUT", "/control/switches/{name}", authed(this::setSwitch));
        app.operational("DELETE", "/control/switches/{name}", authed(r -> {
            String name = r.path("name");
            Object before = switches.reset(name, clock.instant());
            record(
                    actor(r),
                    Optional.ofNullable(r.header("X-Reason")).orElse("reset"),
                    "switch " + name,
                    before,
                    switches.value(name, clock.instant()),
                    null);
            return switches.states(clock.instant());
        }));
        app.operational("GET", "/control/audit", authed(r -> auditLog()));
    }

    private HttpApp.Handler authed(HttpApp.Handler handler) {
        return request -> {
            token.check(request);
            try {
                return handler.handle(request);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(String.valueOf(e.getMessage()));
            }
        };
    }

    private Object replaceRules(Request request) {
        Kind kind = kind(request);
        String actor = actor(request);
        switch (kind) {
            case FLOW -> {
                FlowRules body = request.body(FlowRules.class);
                apply(
                        kind,
                        body.rules().stream().map(RuleSpecs.Flow::toSentinel).toList(),
                        body.ttlSeconds(),
                        actor,
                        reason(body.reason(), request));
            }
            case DEGRADE -> {
                DegradeRules body = request.body(DegradeRules.class);
                apply(
                        kind,
                        body.rules().stream().map(RuleSpecs.Degrade::toSentinel).toList(),
                        body.ttlSeconds(),
                        actor,
                        reason(body.reason(), request));
            }
            case PARAM -> {
                ParamRules body = request.body(ParamRules.class);
                apply(
                        kind,
                        body.rules().stream().map(RuleSpecs.Param::toSentinel).toList(),
                        body.ttlSeconds(),
                        actor,
                        reason(body.reason(), request));
            }
            case SYSTEM -> {
                SystemRules body = request.body(SystemRules.class);
                apply(
                        kind,
                        body.rules().stream().map(RuleSpecs.System::toSentinel).toList(),
                        body.ttlSeconds(),
                        actor,
                        reason(body.reason(), request));
            }
        }
        return inForce(kind);
    }

    private Object setSwitch(Request request) {
        String name = request.path("name");
        SwitchChange change = request.body(SwitchChange.class);
        Instant expiresAt = expiry(change.ttlSeconds());
        Object before = switches.set(name, change.value(), expiresAt, clock.instant());
        record(actor(request), reason(change.reason(), request), "switch " + name, before, change.value(), expiresAt);
        return switches.states(clock.instant());
    }

    /** Puts {@code rules} in force for {@code kind}; with a TTL, the rules before come back at expiry. */
    synchronized void apply(Kind kind, List<?> rules, @Nullable Long ttlSeconds, String actor, String reason) {
        Object before = currentSentinelRules(kind);
        PendingRevert previous = pending.remove(kind);
        if (previous != null) previous.future().cancel(false);
        Instant expiresAt = expiry(ttlSeconds);
        load(kind, rules);
        if (expiresAt != null) {
            Object baseline =
                    previous != null ? previous.baseline() : before; // chained TTLs still return to the original
            long delayMs = Math.max(0, expiresAt.toEpochMilli() - clock.millis());
            ScheduledFuture<?> future =
                    scheduler.schedule(() -> expire(kind, baseline), delayMs, TimeUnit.MILLISECONDS);
            pending.put(kind, new PendingRevert(baseline, expiresAt, future));
        }
        record(
                actor,
                reason,
                kind.name().toLowerCase() + " rules",
                describe(kind, before),
                describe(kind, rules),
                expiresAt);
    }

    private synchronized void expire(Kind kind, Object baseline) {
        Object before = currentSentinelRules(kind);
        pending.remove(kind);
        load(kind, (List<?>) baseline);
        record(
                "expiry",
                "time-boxed change expired",
                kind.name().toLowerCase() + " rules",
                describe(kind, before),
                describe(kind, (List<?>) baseline),
                null);
    }

    @SuppressWarnings("unchecked")
    private static void load(Kind kind, List<?> rules) {
        switch (kind) {
            case FLOW -> FlowRuleManager.loadRules((List) rules);
            case DEGRADE -> DegradeRuleManager.loadRules((List) rules);
            case PARAM -> ParamFlowRuleManager.loadRules((List) rules);
            case SYSTEM -> SystemRuleManager.loadRules((List) rules);
        }
    }

    private static List<?> currentSentinelRules(Kind kind) {
        return switch (kind) {
            case FLOW -> FlowRuleManager.getRules();
            case DEGRADE -> DegradeRuleManager.getRules();
            case PARAM -> ParamFlowRuleManager.getRules();
            case SYSTEM -> SystemRuleManager.getRules();
        };
    }

    @SuppressWarnings("unchecked")
    private static List<?> describe(Kind kind, Object sentinelRules) {
        List<Object> rules = (List<Object>) sentinelRules;
        Function<Object, Object> spec = switch (kind) {
            case FLOW -> r -> RuleSpecs.Flow.of((com.alibaba.csp.sentinel.slots.block.flow.FlowRule) r);
            case DEGRADE -> r -> RuleSpecs.Degrade.of((com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule) r);
            case PARAM -> r -> RuleSpecs.Param.of((com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule) r);
            case SYSTEM -> r -> RuleSpecs.System.of((com.alibaba.csp.sentinel.slots.system.SystemRule) r);
        };
        return rules.stream().map(spec).toList();
    }

    /** The rules of one kind in force, and when a time-boxed change of them expires. */
    public record InForce(List<?> rules, @Nullable Instant expiresAt) {}

    /** What is actually in force, read back from Sentinel, by kind ({@code flow}, ...). */
    public synchronized Map<String, InForce> rulesInForce() {
        Map<String, InForce> all = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            PendingRevert revert = pending.get(kind);
            all.put(
                    kind.name().toLowerCase(),
                    new InForce(
                            describe(kind, currentSentinelRules(kind)), revert == null ? null : revert.expiresAt()));
        }
        return all;
    }

    private InForce inForce(Kind kind) {
        return java.util.Objects.requireNonNull(rulesInForce().get(kind.name().toLowerCase()));
    }

    private synchronized List<AuditEntry> auditLog() {
        return List.copyOf(audit);
    }

    private synchronized void record(
            String actor, String reason, String target, Object before, Object after, @Nullable Instant expiresAt) {
        AuditEntry entry = new AuditEntry(clock.instant(), actor, reason, target, before, after, expiresAt);
        audit.addFirst(entry);
        if (audit.size() > AUDIT_SIZE) audit.removeLast();
        changes.accept(target);
        log.info(
                "control: {} by {} ({}): {} -> {}{}",
                target,
                actor,
                reason,
                before,
                after,
                expiresAt == null ? "" : " until " + expiresAt);
    }

    private @Nullable Instant expiry(@Nullable Long ttlSeconds) {
        if (ttlSeconds == null) return null;
        if (ttlSeconds < 1) throw new IllegalArgumentException("ttlSeconds < 1: " + ttlSeconds);
        return clock.instant().plusSeconds(ttlSeconds);
    }

    private static Kind kind(Request request) {
        String kind = request.path("kind");
        try {
            return Kind.valueOf(kind.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound("no rule kind " + kind + "; kinds: flow, degrade, param, system");
        }
    }

    private static String actor(Request request) {
        return Optional.ofNullable(request.header("X-Actor")).orElse("anonymous");
    }

    private static String reason(@Nullable String reason, Request request) {
        if (reason != null && !reason.isBlank()) return reason;
        return Optional.ofNullable(request.header("X-Reason")).orElse("(no reason given)");
    }
}
