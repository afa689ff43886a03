package io.outrider.runbooks.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outrider.runbooks.OrderServiceProcess;
import io.outrider.runbooks.catalog.Runbook;
import io.outrider.runbooks.catalog.RunbookCatalog;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runbook actions against a real logistics-core service (order-service in its own JVM, as the supervisor runs it):
 * a throttle makes requests fail with 429 and its revert ends that; applying twice writes once; every change is in
 * the service's audit with who and why; a service that is down, a wrong token, a missing switch and a parameter
 * outside its bounds give errors that say what to do.
 */
class ActionsIT {

    private static final String ROUTE_RESOURCE = "order:GET:/orders/open";
    private static OrderServiceProcess order;
    private static URI orderUrl;

    @BeforeAll
    static void startOrderService() throws Exception {
        order = OrderServiceProcess.start();
        orderUrl = order.url();
    }

    @AfterAll
    static void stopOrderService() throws Exception {
        if (order != null) order.close();
    }

    private ControlClient control() {
        return new ControlClient(Map.of("order", orderUrl), OrderServiceProcess.TOKEN, Duration.ofSeconds(5));
    }

    private List<Integer> burst(int n) throws Exception {
        return order.burst(n);
    }

    @Test
    void aThrottleIsPlannedAppliedOnceReadBackAuditedAndReverted() throws Exception {
        tools.jackson.databind.node.ObjectNode rule = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        rule.put("resource", ROUTE_RESOURCE);
        rule.put("grade", "qps");
        rule.put("count", 1.0);
        rule.put("controlBehavior", "reject");
        RuleAction throttle = new RuleAction("order", "flow", ROUTE_RESOURCE, rule);
        ControlClient control = control();
        assertThat(burst(10)).doesNotContain(429);

        Change plan = throttle.plan(control);
        assertThat(plan.changed()).isTrue();
        assertThat(plan.before()).isEmpty();
        assertThat(burst(5)).as("a plan writes nothing").doesNotContain(429);

        Change applied = throttle.apply(control, Duration.ofMinutes(5), "runbook it: throttle", "run-1");
        assertThat(applied.changed()).isTrue();
        assertThat(applied.after().get(0).path("count").asDouble()).isEqualTo(1.0);
        assertThat(burst(20)).contains(429);
        assertThat(throttle.apply(control, Duration.ofMinutes(5), "again", "run-1")
                        .changed())
                .as("applying what is in force writes nothing")
                .isFalse();
        JsonNode inForce = control.rules("order", "flow");
        assertThat(inForce.path("expiresAt").isNull())
                .as("time-boxed on the control API")
                .isFalse();

        Change reverted = throttle.revert(control, applied, "runbook it: revert", "run-1");
        assertThat(reverted.after()).isEmpty();
        Thread.sleep(1100); // the next second's window
        assertThat(burst(20)).doesNotContain(429);

        assertThat(order.audit()).contains("run-1", "runbook it: throttle", "runbook it: revert");
    }

    @Test
    void sheddingATrafficClassRefusesItAloneUntilReverted() throws Exception {
        ShedAction shed = new ShedAction("order", "scheduled");
        ControlClient control = control();
        assertThat(status("scheduled")).isEqualTo(200);
        Change applied = shed.apply(control, Duration.ofMinutes(5), "surge", "run-2");
        assertThat(applied.after().path("value").asString()).isEqualTo("scheduled");
        assertThat(status("scheduled")).isEqualTo(429);
        assertThat(status("instant")).isEqualTo(200);
        assertThat(shed.apply(control, Duration.ofMinutes(5), "again", "run-2").changed())
                .isFalse();
        shed.revert(control, applied, "surge over", "run-2");
        assertThat(status("scheduled")).isEqualTo(200);
    }

    private int status(String trafficClass) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(orderUrl.resolve("/orders/open?city=shanghai"))
                                .header("X-Traffic-Class", trafficClass)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void theShippedHolidayRunbookBindsItsParametersWithinBounds() {
        Runbook surge = RunbookCatalog.load(null).runbooks().get("holiday-surge-order-throttle");
        Map<String, Double> values = Actions.bind(surge, Map.of("qpsPerCity", 80.0));
        List<Action> steps = Actions.steps(surge.steps(), values, List.of());
        assertThat(steps).hasSize(4);
        assertThat(steps.get(1)).isInstanceOf(RuleAction.class);
        RuleAction flow = (RuleAction) steps.get(1);
        assertThat(flow.rule().path("count").asDouble()).isEqualTo(80);
        assertThat(flow.rule().path("warmUpPeriodSec").asInt()).isEqualTo(10);
        assertThat(steps.get(2)).isEqualTo(new ShedAction("order", "scheduled"));
        assertThat(((NotifyAction) steps.get(3)).message())
                .isEqualTo("order intake limited to 80/s per city, scheduled orders refused");
        assertThatThrownBy(() -> Actions.bind(surge, Map.of("qpsPerCity", 5000.0)))
                .hasMessage("qpsPerCity = 5000 is outside its bounds [5, 500] in runbook holiday-surge-order-throttle");
        assertThatThrownBy(() -> Actions.bind(surge, Map.of("qps", 1.0))).hasMessageContaining("has no parameter qps");
    }

    @Test
    void errorsSayWhatIsWrongAndWhatToDo() throws Exception {
        try (ServerSocket closed = new ServerSocket(0)) {
            int nobody = closed.getLocalPort();
            closed.close();
            ControlClient down = new ControlClient(
                    Map.of("order", URI.create("http://127.0.0.1:" + nobody + "/")),
                    OrderServiceProcess.TOKEN,
                    Duration.ofSeconds(2));
            assertThatThrownBy(() -> down.rules("order", "flow"))
                    .isInstanceOf(ControlException.class)
                    .hasMessageContaining("cannot be reached")
                    .hasMessageContaining("check that the service runs");
        }
        ControlClient wrongToken = new ControlClient(Map.of("order", orderUrl), "nope", Duration.ofSeconds(5));
        assertThatThrownBy(() -> wrongToken.rules("order", "flow")).hasMessageContaining("answered 401");
        assertThatThrownBy(() -> control().rules("pricing", "flow"))
                .hasMessageContaining("no control API configured for service pricing");
        SwitchAction missing = new SwitchAction(
                "order", "eta.model", tools.jackson.databind.node.JsonNodeFactory.instance.booleanNode(false));
        assertThatThrownBy(() -> missing.plan(control())).hasMessageContaining("order has no switch eta.model");
        assertThatThrownBy(() -> HttpAction.allowed("POST", "http://evil.example/", "", List.of("http://127.0.0.1:")))
                .hasMessageContaining("not allowed");
    }
}
