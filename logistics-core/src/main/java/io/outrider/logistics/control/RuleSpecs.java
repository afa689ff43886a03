package io.outrider.logistics.control;

import com.alibaba.csp.sentinel.slots.block.RuleConstant;
import com.alibaba.csp.sentinel.slots.block.degrade.DegradeRule;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowItem;
import com.alibaba.csp.sentinel.slots.block.flow.param.ParamFlowRule;
import com.alibaba.csp.sentinel.slots.system.SystemRule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the control API as plain JSON shapes, and their translation to and from Sentinel's rule classes.
 * Names are words ({@code "warm_up"}) rather than Sentinel's integer constants.
 */
public final class RuleSpecs {

    private RuleSpecs() {}

    /**
     * A flow rule: at most {@code count} per second ({@code grade=qps}) or {@code count} concurrent calls
     * ({@code grade=threads}) into {@code resource}.
     *
     * @param controlBehavior {@code reject} (default), {@code warm_up}, {@code rate_limiter} (pacing)
     */
    public record Flow(
            String resource,
            @Nullable String grade,
            double count,
            @Nullable String controlBehavior,
            @Nullable Integer warmUpPeriodSec,
            @Nullable Integer maxQueueingTimeMs) {

        public Flow {
            requireResource(resource);
            if (count < 0) throw new IllegalArgumentException("flow rule count < 0: " + count);
        }

        FlowRule toSentinel() {
            FlowRule rule = new FlowRule(resource);
            rule.setGrade(
                    switch (grade == null ? "qps" : grade) {
                        case "qps" -> RuleConstant.FLOW_GRADE_QPS;
                        case "threads" -> RuleConstant.FLOW_GRADE_THREAD;
                        default -> throw new IllegalArgumentException("flow grade must be qps or threads: " + grade);
                    });
            rule.setCount(count);
            rule.setControlBehavior(
                    switch (controlBehavior == null ? "reject" : controlBehavior) {
                        case "reject" -> RuleConstant.CONTROL_BEHAVIOR_DEFAULT;
                        case "warm_up" -> RuleConstant.CONTROL_BEHAVIOR_WARM_UP;
                        case "rate_limiter" -> RuleConstant.CONTROL_BEHAVIOR_RATE_LIMITER;
                        default ->
                            throw new IllegalArgumentException(
                                    "controlBehavior must be reject, warm_up or rate_limiter: " + controlBehavior);
                    });
            if (warmUpPeriodSec != null) rule.setWarmUpPeriodSec(warmUpPeriodSec);
            if (maxQueueingTimeMs != null) rule.setMaxQueueingTimeMs(maxQueueingTimeMs);
            return rule;
        }

        static Flow of(FlowRule rule) {
            return new Flow(
                    rule.getResource(),
                    rule.getGrade() == RuleConstant.FLOW_GRADE_THREAD ? "threads" : "qps",
                    rule.getCount(),
                    switch (rule.getControlBehavior()) {
                        case RuleConstant.CONTROL_BEHAVIOR_WARM_UP -> "warm_up";
                        case RuleConstant.CONTROL_BEHAVIOR_RATE_LIMITER -> "rate_limiter";
                        default -> "reject";
                    },
                    rule.getWarmUpPeriodSec(),
                    rule.getMaxQueueingTimeMs());
        }
    }

    /**
     * A circuit breaker on {@code resource}.
     *
     * @param grade {@code slow_ratio} (count = max response time in ms), {@code error_ratio} (count = ratio),
     *     {@code error_count}
     * @param timeWindowSec how long the breaker stays open
     */
    public record Degrade(
            String resource,
            String grade,
            double count,
            @Nullable Double slowRatioThreshold,
            int timeWindowSec,
            @Nullable Integer minRequestAmount,
            @Nullable Integer statIntervalMs) {

        public Degrade {
            requireResource(resource);
            if (timeWindowSec < 1)
                throw new IllegalArgumentException("degrade rule timeWindowSec < 1: " + timeWindowSec);
        }

        DegradeRule toSentinel() {
            DegradeRule rule = new DegradeRule(resource);
            rule.setGrade(
                    switch (grade) {
                        case "slow_ratio" -> RuleConstant.DEGRADE_GRADE_RT;
                        case "error_ratio" -> RuleConstant.DEGRADE_GRADE_EXCEPTION_RATIO;
                        case "error_count" -> RuleConstant.DEGRADE_GRADE_EXCEPTION_COUNT;
                        default ->
                            throw new IllegalArgumentException(
                                    "degrade grade must be slow_ratio, error_ratio or error_count: " + grade);
                    });
            rule.setCount(count);
            if (slowRatioThreshold != null) rule.setSlowRatioThreshold(slowRatioThreshold);
            rule.setTimeWindow(timeWindowSec);
            rule.setMinRequestAmount(minRequestAmount == null ? 5 : minRequestAmount);
            rule.setStatIntervalMs(statIntervalMs == null ? 1000 : statIntervalMs);
            return rule;
        }

        static Degrade of(DegradeRule rule) {
            return new Degrade(
                    rule.getResource(),
                    switch (rule.getGrade()) {
                        case RuleConstant.DEGRADE_GRADE_EXCEPTION_RATIO -> "error_ratio";
                        case RuleConstant.DEGRADE_GRADE_EXCEPTION_COUNT -> "error_count";
                        default -> "slow_ratio";
                    },
                    rule.getCount(),
                    rule.getSlowRatioThreshold(),
                    rule.getTimeWindow(),
                    rule.getMinRequestAmount(),
                    rule.getStatIntervalMs());
        }
    }

    /**
     * A hot-parameter limit: at most {@code count} per {@code durationInSec} for each value of argument
     * {@code paramIdx} of {@code resource} (the city, for {@code order.create}), with per-value exceptions.
     */
    public record Param(
            String resource,
            int paramIdx,
            double count,
            @Nullable Integer durationInSec,
            @Nullable Map<String, Integer> exceptions) {

        public Param {
            requireResource(resource);
            if (paramIdx < 0) throw new IllegalArgumentException("paramIdx < 0: " + paramIdx);
            if (count < 0) throw new IllegalArgumentException("param rule count < 0: " + count);
        }

        ParamFlowRule toSentinel() {
            ParamFlowRule rule =
                    new ParamFlowRule(resource).setParamIdx(paramIdx).setCount(count);
            rule.setDurationInSec(durationInSec == null ? 1 : durationInSec);
            if (exceptions != null) {
                rule.setParamFlowItemList(exceptions.entrySet().stream()
                        .map(e -> ParamFlowItem.newItem(e.getKey(), e.getValue()))
                        .toList());
            }
            return rule;
        }

        static Param of(ParamFlowRule rule) {
            Map<String, Integer> exceptions = new LinkedHashMap<>();
            if (rule.getParamFlowItemList() != null)
                rule.getParamFlowItemList().forEach(i -> exceptions.put(i.getObject(), i.getCount()));
            return new Param(
                    rule.getResource(), rule.getParamIdx(), rule.getCount(), (int) rule.getDurationInSec(), exceptions);
        }
    }

    /** Adaptive protection of the whole service (inbound traffic); -1 or null switches a limit off. */
    public record System(
            @Nullable Double highestSystemLoad,
            @Nullable Double highestCpuUsage,
            @Nullable Double qps,
            @Nullable Long avgRt,
            @Nullable Long maxThread) {

        SystemRule toSentinel() {
            SystemRule rule = new SystemRule();
            rule.setHighestSystemLoad(highestSystemLoad == null ? -1 : highestSystemLoad);
            rule.setHighestCpuUsage(highestCpuUsage == null ? -1 : highestCpuUsage);
            rule.setQps(qps == null ? -1 : qps);
            rule.setAvgRt(avgRt == null ? -1 : avgRt);
            rule.setMaxThread(maxThread == null ? -1 : maxThread);
            return rule;
        }

        static System of(SystemRule rule) {
            return new System(
                    rule.getHighestSystemLoad(),
                    rule.getHighestCpuUsage(),
                    rule.getQps(),
                    rule.getAvgRt(),
                    rule.getMaxThread());
        }
    }

    private static void requireResource(String resource) {
        if (resource == null || resource.isBlank()) throw new IllegalArgumentException("rule has no resource");
    }
}
