package io.outrider.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.infra.yaml.YamlError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFilesTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            rules:
              - name: OrderErrors
                type: threshold
                query: { metric: error_ratio, by: [service], match: ['service="order-service"'], min_count: 5 }
                window: 10s
                op: ">"
                value: 0.1
                for: 30s
                labels: { symptom: errors, severity: critical }
                annotations: { summary: "{{service}} fails {{observed}}" }
            """;

    @Test
    void theShippedDefaultsAreValidAndCoverTheLogisticsCore() {
        RuleCatalog catalog = new RuleCatalog(null, true);
        catalog.reload();
        assertThat(catalog.errors()).isEmpty();
        RuleSet rules = catalog.current();
        assertThat(rules.rules())
                .extracting(Rule::type)
                .contains("threshold", "change", "burn_rate", "anomaly", "absence");
        assertThat(rules.rules())
                .extracting(r -> r.labels().get("symptom"))
                .contains("errors", "latency", "traffic", "heartbeat", "kpi", "saturation");
        assertThat(rules.rules())
                .filteredOn(r -> "kpi".equals(r.labels().get("symptom")))
                .allSatisfy(r -> assertThat(r.query().by()).containsExactly("city"));
        assertThat(rules.inhibitRules()).isNotEmpty();
    }

    @Test
    void aGoodFileReadsIntoItsRule() {
        RuleFiles.Parsed parsed = RuleFiles.parse("good.yml", GOOD);
        assertThat(parsed.errors()).isEmpty();
        Rule rule = parsed.ruleSet().rules().getFirst();
        assertThat(rule.name()).isEqualTo("OrderErrors");
        assertThat(rule.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(rule.forDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(rule.condition()).isEqualTo(new Rule.Threshold(Rule.Op.GT, 0.1));
        assertThat(rule.query().match()).hasSize(1);
        assertThat(rule.origin()).isEqualTo("good.yml:2");
    }

    @Test
    void errorsNameTheFileTheLineAndTheField() {
        String bad = """
                rules:
                  - name: A
                    type: threshold
                    query: { metric: error_ratio, by: [service] }
                    window: 5m
                    op: "=>"
                    value: lots
                    treshold: 3
                    labels: { symptom: errors, severity: critical }
                  - name: B
                    type: magic
                    labels: { symptom: pain }
                """;
        List<YamlError> errors = RuleFiles.parse("rules/bad.yml", bad).errors();
        assertThat(errors)
                .extracting(YamlError::toString)
                .contains(
                        "rules/bad.yml:5: rules[0].window: must be 10s or 1m",
                        "rules/bad.yml:6: rules[0].op: must be one of > >= < <= == !=",
                        "rules/bad.yml:7: rules[0].value: must be a number, not 'lots'")
                .anySatisfy(e -> assertThat(e).startsWith("rules/bad.yml:8: rules[0].treshold: unknown field"))
                .anySatisfy(e -> assertThat(e).startsWith("rules/bad.yml:11: rules[1].type: unknown rule type"))
                .anySatisfy(e -> assertThat(e).startsWith("rules/bad.yml:12: rules[1].labels: needs severity"));
        assertThat(RuleFiles.parse("rules/bad.yml", bad).ruleSet()).isEqualTo(RuleSet.EMPTY);
    }

    @Test
    void missingFieldsAndBrokenYamlAreReportedWithTheirLine() {
        assertThat(RuleFiles.parse(
                                "x.yml",
                                "rules:\n  - name: A\n    type: absence\n    labels: {symptom: heartbeat, severity: info}\n")
                        .errors())
                .extracting(YamlError::toString)
                .containsExactly("x.yml:2: rules[0].query: required");
        assertThat(RuleFiles.parse("y.yml", "rules:\n  - name: [unclosed\n").errors())
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.line()).isGreaterThanOrEqualTo(2);
                    assertThat(e.message()).startsWith("not valid YAML");
                });
        assertThat(RuleFiles.parse("z.yml", "rulez: []\n").errors())
                .extracting(YamlError::toString)
                .singleElement()
                .asString()
                .startsWith("z.yml:1: rulez: unknown field");
    }

    @Test
    void everyRuleTypeHasItsFieldsChecked() {
        String text = """
                rules:
                  - name: Burn
                    type: burn_rate
                    query: { by: [service] }
                    objective: latency
                    target: 99.9
                    windows: [{ long: 5m, short: 1h, factor: 14.4 }]
                    labels: { symptom: latency, severity: critical }
                  - name: Both
                    type: composite
                    all: [Burn]
                    labels: { symptom: errors, severity: critical }
                  - name: Span
                    type: threshold
                    query: { metric: latency_p99_ms, by: [city] }
                    op: ">"
                    value: 1
                    labels: { symptom: latency, severity: info }
                """;
        assertThat(RuleFiles.parse("t.yml", text).errors())
                .extracting(YamlError::toString)
                .contains(
                        "t.yml:6: rules[0].target: must be between 0 and 1 (exclusive), e.g. 0.999",
                        "t.yml:2: rules[0].latency_ms: a latency SLO needs a positive latency_ms",
                        "t.yml:7: rules[0].windows[0]: short must be shorter than long",
                        "t.yml:11: rules[1].all: names at least two rules",
                        "t.yml:15: rules[2].query.by: span measures exist per [service], optionally with endpoint and"
                                + " city: [service, endpoint, city]");
    }

    @Test
    void singlingOutACityWorksOnOneSidedLinesOverSpanMeasures() {
        String text = """
                rules:
                  - name: Fine
                    type: threshold
                    query: { metric: error_ratio, by: [service] }
                    op: ">"
                    value: 0.2
                    single_out: city
                    labels: { symptom: errors, severity: critical }
                  - name: Region
                    type: threshold
                    query: { metric: error_ratio }
                    op: ">"
                    value: 0.2
                    single_out: region
                    labels: { symptom: errors, severity: critical }
                  - name: Metric
                    type: threshold
                    query: { metric: up }
                    op: "<"
                    value: 1
                    single_out: city
                    labels: { symptom: heartbeat, severity: critical }
                  - name: Equal
                    type: threshold
                    query: { metric: requests }
                    op: "=="
                    value: 0
                    single_out: city
                    labels: { symptom: traffic, severity: critical }
                  - name: PerCity
                    type: threshold
                    query: { metric: requests, by: [service, city] }
                    op: ">"
                    value: 5
                    single_out: city
                    labels: { symptom: traffic, severity: critical }
                """;
        assertThat(RuleFiles.parse("s.yml", text).errors())
                .extracting(YamlError::toString)
                .containsExactly(
                        "s.yml:14: rules[1].single_out: can only be city (the city a request was for)",
                        "s.yml:21: rules[2].single_out: works on the span measures (requests, error_ratio,"
                                + " latency_p99_ms, ...), not on up",
                        "s.yml:28: rules[3].single_out: needs op > >= < or <=: one side of the line must be the well"
                                + " one",
                        "s.yml:35: rules[4].single_out: the query is per city already: leave city out of by, or leave"
                                + " out single_out");
        Rule fine = RuleFiles.parse("f.yml", text.substring(0, text.indexOf("  - name: Region")))
                .ruleSet()
                .rules()
                .getFirst();
        assertThat(fine.condition()).isEqualTo(new Rule.Threshold(Rule.Op.GT, 0.2, "city"));
    }

    @Test
    void theCatalogReloadsChangedFilesAndKeepsTheLastGoodVersionOfABrokenOne() throws IOException {
        Path file = dir.resolve("team.yml");
        Files.writeString(file, GOOD, StandardCharsets.UTF_8);
        RuleCatalog catalog = new RuleCatalog(dir, false);
        assertThat(catalog.reload()).isTrue();
        assertThat(catalog.current().rules()).extracting(Rule::name).containsExactly("OrderErrors");
        assertThat(catalog.reload()).isFalse();

        Files.writeString(file, GOOD.replace("value: 0.1", "value: high"), StandardCharsets.UTF_8);
        assertThat(catalog.reload()).isTrue();
        assertThat(catalog.current().rules()).extracting(Rule::name).containsExactly("OrderErrors");
        assertThat(catalog.current().rules().getFirst().condition()).isEqualTo(new Rule.Threshold(Rule.Op.GT, 0.1));
        assertThat(catalog.errors())
                .extracting(YamlError::toString)
                .containsExactly(file + ":7: rules[0].value: must be a number, not 'high'");

        Files.writeString(file, GOOD.replace("value: 0.1", "value: 0.2"), StandardCharsets.UTF_8);
        catalog.reload();
        assertThat(catalog.errors()).isEmpty();
        assertThat(catalog.current().rules().getFirst().condition()).isEqualTo(new Rule.Threshold(Rule.Op.GT, 0.2));

        Files.delete(file);
        assertThat(catalog.reload()).isTrue();
        assertThat(catalog.current().rules()).isEmpty();
    }

    @Test
    void apiRulesAreValidatedStoredAsFilesAndNamesStayUnique() {
        RuleCatalog catalog = new RuleCatalog(dir, true);
        catalog.reload();
        String json =
                "{\"name\": \"CityOrders\", \"type\": \"absence\", \"query\": {\"metric\": \"logistics_orders_created_total\","
                        + " \"by\": [\"city\"]}, \"intervals\": 5, \"labels\": {\"symptom\": \"kpi\", \"severity\": \"warning\"}}";
        assertThat(catalog.put("CityOrders", json)).isEmpty();
        assertThat(dir.resolve("api/CityOrders.yml")).exists();
        assertThat(catalog.rule("CityOrders")).get().extracting(Rule::condition).isEqualTo(new Rule.Absence(5));

        assertThat(catalog.put("CityOrders", json.replace("\"intervals\": 5", "\"intervals\": -1")))
                .extracting(YamlError::toString)
                .containsExactly("api:CityOrders:1: intervals: must be positive");
        assertThat(catalog.put("ServiceErrorRatio", json.replace("CityOrders", "ServiceErrorRatio")))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("already defined at classpath:"));
        assertThat(catalog.delete("CityOrders")).isTrue();
        assertThat(catalog.rule("CityOrders")).isEmpty();
        assertThat(catalog.delete("ServiceErrorRatio")).isFalse();
    }

    @Test
    void aCompositeMustNameExistingRules() throws IOException {
        Files.writeString(dir.resolve("c.yml"), GOOD + """
                          - name: Pair
                            type: composite
                            all: [OrderErrors, Missing]
                            on: [service]
                            labels: { symptom: errors, severity: critical }
                        """, StandardCharsets.UTF_8);
        RuleCatalog catalog = new RuleCatalog(dir, false);
        catalog.reload();
        assertThat(catalog.errors())
                .extracting(YamlError::toString)
                .containsExactly(dir.resolve("c.yml") + ":11: all: no rule named Missing");
        assertThat(catalog.current().rules()).extracting(Rule::name).containsExactly("OrderErrors");
    }
}
