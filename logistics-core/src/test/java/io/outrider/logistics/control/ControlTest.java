package io.outrider.logistics.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.csp.sentinel.slots.block.RuleConstant;
import com.alibaba.csp.sentinel.slots.block.flow.FlowRule;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlTest {

    @Test
    void flowRuleSpecBecomesTheSentinelRuleAndBack() {
        RuleSpecs.Flow spec = new RuleSpecs.Flow("order.create", "qps", 200, "warm_up", 10, null);

        FlowRule rule = spec.toSentinel();

        assertThat(rule.getControlBehavior()).isEqualTo(RuleConstant.CONTROL_BEHAVIOR_WARM_UP);
        assertThat(rule.getGrade()).isEqualTo(RuleConstant.FLOW_GRADE_QPS);
        assertThat(RuleSpecs.Flow.of(rule))
                .isEqualTo(new RuleSpecs.Flow("order.create", "qps", 200, "warm_up", 10, 500));
    }

    @Test
    void badRuleFieldsAreNamed() {
        assertThatThrownBy(() -> new RuleSpecs.Flow("x", "bananas", 1, null, null, null).toSentinel())
                .hasMessage("flow grade must be qps or threads: bananas");
        assertThatThrownBy(() -> new RuleSpecs.Degrade("x", "slow_ratio", 100, 0.5, 0, null, null))
                .hasMessage("degrade rule timeWindowSec < 1: 0");
        assertThatThrownBy(() -> new RuleSpecs.Param(" ", 0, 1, null, Map.of())).hasMessage("rule has no resource");
    }

    @Test
    void switchesKeepTheirTypeAndExpire() {
        Switches switches = new Switches().define("eta.model", true).define("dispatch.batch-window-ms", 2000L);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        switches.set("eta.model", false, now.plusSeconds(60), now);
        switches.set("dispatch.batch-window-ms", 5000, null, now);

        assertThat(switches.bool("eta.model", now.plusSeconds(59))).isFalse();
        assertThat(switches.bool("eta.model", now.plusSeconds(60))).isTrue(); // expired: back to the default
        assertThat(switches.number("dispatch.batch-window-ms", now)).isEqualTo(5000);
        assertThatThrownBy(() -> switches.set("eta.model", "off", null, now))
                .hasMessage("switch eta.model takes a boolean like true, not off");
        assertThatThrownBy(() -> switches.bool("pricing.surge", now)).hasMessageContaining("no switch pricing.surge");
    }
}
