package io.outrider.runbooks.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.yaml.YamlError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookFilesTest {

    @Test
    void theShippedRunbooksAreValid() {
        RunbookCatalog.Loaded loaded = RunbookCatalog.load(null);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.runbooks().keySet())
                .containsExactly(
                        "holiday-surge-order-throttle",
                        "slow-eta-degrade-to-formula",
                        "pricing-errors-open-circuit",
                        "dispatch-cpu-widen-batch",
                        "rider-outage-greedy-dispatch");
        Runbook surge = loaded.runbooks().get("holiday-surge-order-throttle");
        assertThat(surge.mode()).isEqualTo(Runbook.Mode.APPROVAL);
        assertThat(surge.trigger().service()).isEqualTo("order-service");
        assertThat(surge.parameters().get("qpsPerCity").max()).isEqualTo(500);
        assertThat(surge.steps())
                .extracting(ActionSpec::type)
                .containsExactly("param-rule", "flow-rule", "shed", "notify");
        assertThat(surge.steps().get(1).args())
                .containsEntry("qps", "${qpsPerCity}")
                .containsEntry("behavior", "warm_up");
        assertThat(surge.steps().get(1).origin()).startsWith("shipped/holiday-surge.yml:");
        assertThat(surge.guardrails().ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(surge.revert()).extracting(ActionSpec::type).containsExactly("notify");
    }

    @Test
    void everyMistakeIsNamedWithItsLineAndField() {
        String text = """
                id: Bad Id
                title: t
                trigger: { service: order-service, severity: fatal }
                mode: sometimes
                colour: blue
                parameters:
                  qps: { default: 900, min: 5, max: 500 }
                steps:
                  - action: flow-rule
                    service: order
                    resource: order.create
                    qps: ${qsp}
                    behavior: slow
                  - action: teleport
                  - action: flow-rule
                    service: order
                    qps: many
                verification:
                  conditions:
                    - { service: order, metric: logistics_open_orders, op: "~", value: 1 }
                guardrails: { ttl: 5h }
                """;
        RunbookFiles.Parsed parsed = RunbookFiles.parse("bad.yml", text);
        assertThat(parsed.runbook()).isNull();
        assertThat(parsed.errors())
                .extracting(YamlError::toString)
                .contains(
                        "bad.yml:1: id: must be lowercase words joined by '-' (at most 63 characters): Bad Id",
                        "bad.yml:3: trigger.severity: must be one of [critical, info, warning], not fatal",
                        "bad.yml:4: mode: must be auto, approval or manual, not sometimes",
                        "bad.yml:7: parameters.qps.default: default 900 is outside [5, 500]",
                        "bad.yml:12: steps[0].qps: names parameter ${qsp}, which the runbook does not declare",
                        "bad.yml:13: steps[0].behavior: must be one of [rate_limiter, reject, warm_up], not slow",
                        "bad.yml:17: steps[2].qps: must be a number or a ${parameter}, not 'many'",
                        "bad.yml:15: steps[2].resource: required",
                        "bad.yml:20: verification.conditions[0].op: must be one of [<, <=, >, >=], not ~",
                        "bad.yml:21: guardrails.ttl: must be between 1s and 2h (the logistics core's longest time box)")
                .anySatisfy(e -> assertThat(e).startsWith("bad.yml:5: colour: unknown field"))
                .anySatisfy(
                        e -> assertThat(e).startsWith("bad.yml:14: steps[1].action: unknown action; expected one of"))
                .anySatisfy(e ->
                        assertThat(e).startsWith("bad.yml:20: verification.conditions[0].metric: must be a counter"));
    }

    @Test
    void brokenYamlAndEmptyFilesSaySo() {
        assertThat(RunbookFiles.parse("x.yml", "id: [unclosed")
                        .errors()
                        .getFirst()
                        .toString())
                .startsWith("x.yml:1: not valid YAML");
        assertThat(RunbookFiles.parse("x.yml", "").errors())
                .extracting(YamlError::toString)
                .containsExactly("x.yml:0: the file is empty");
    }

    @Test
    void aDirectoryAddsAndReplacesRunbooksAndKeepsOutBrokenOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("eta.yml"), """
                id: slow-eta-degrade-to-formula
                title: ours instead
                trigger: { service: eta-service }
                mode: manual
                steps:
                  - { action: switch, service: eta, name: eta.model, value: "false" }
                """);
        Files.writeString(dir.resolve("again.yaml"), """
                id: slow-eta-degrade-to-formula
                title: twice
                trigger: { service: eta-service }
                mode: manual
                steps:
                  - { action: wait, duration: 10s }
                """);
        Files.writeString(dir.resolve("broken.yml"), "id: x\n");
        Files.writeString(dir.resolve("notes.txt"), "not a runbook");
        RunbookCatalog.Loaded loaded = RunbookCatalog.load(dir);
        assertThat(loaded.runbooks()).hasSize(5);
        assertThat(loaded.runbooks().get("slow-eta-degrade-to-formula").title()).isEqualTo("twice");
        assertThat(loaded.errors())
                .extracting(YamlError::toString)
                .anySatisfy(e -> assertThat(e).contains("broken.yml:1: title: required"))
                .anySatisfy(
                        e -> assertThat(e).contains("eta.yml:1: id: runbook slow-eta-degrade-to-formula is also in"));
    }
}
