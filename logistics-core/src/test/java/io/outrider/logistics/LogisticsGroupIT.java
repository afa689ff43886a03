package io.outrider.logistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outrider.logistics.platform.ServiceConfig;
import io.outrider.logistics.platform.ServiceName;
import io.outrider.logistics.supervisor.LogisticsGroup;
import io.outrider.logistics.supervisor.LogisticsSupervisor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The five services as separate JVMs under the supervisor, with the real CAT client sending to a capturing
 * listener: orders flow end to end, request trees link across services, the control API enforces its rules, and
 * each fault has its effect.
 */
class LogisticsGroupIT {

    private static final String TOKEN = "it-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static CatCapture cat;
    private static LogisticsSupervisor supervisor;
    private static ServiceConfig config;

    @BeforeAll
    static void startGroup() throws IOException {
        cat = new CatCapture();
        Path workDir = Path.of("target", "logistics-it").toAbsolutePath();
        Files.createDirectories(workDir);
        config = new ServiceConfig(
                ServiceName.ORDER,
                freeBasePort(),
                List.of(cat.address()),
                TOKEN,
                true,
                7,
                ServiceConfig.DEFAULT_CITIES,
                40,
                workDir,
                600);
        supervisor = new LogisticsSupervisor(new LogisticsSupervisor.Settings(
                        LogisticsGroup.classpathLauncher(), config, 0, Instant.now(), true))
                .start(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopGroup() throws IOException {
        if (supervisor != null) supervisor.close();
        if (cat != null) cat.close();
    }

    @Test
    void anOrderIsPricedDispatchedPickedUpAndDelivered() throws Exception {
        JsonNode order = createOrder("shanghai", 5, 5, 7, 7);

        assertThat(order.path("fee").asDouble()).isPositive();
        assertThat(order.path("etaMinutes").asDouble()).isPositive();
        String id = order.path("id").asString();
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> get(ServiceName.ORDER, "/orders/" + id)
                        .path("status")
                        .asString()
                        .equals("delivered"));
        assertThat(metrics(ServiceName.ORDER)).contains("logistics_orders_delivered_total{city=\"shanghai\"}");
        assertThat(metrics(ServiceName.DISPATCH))
                .contains("logistics_dispatch_assignments_total{algorithm=\"optimal\",city=\"shanghai\"}");
    }

    @Test
    void catTreesOfOneOrderLinkAcrossServices() throws Exception {
        createOrder("beijing", 2, 2, 4, 3);

        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<CatCapture.Tree> trees = cat.trees();
                    CatCapture.Tree intake = trees.stream()
                            .filter(t -> t.domain().equals("order-service")
                                    && t.rootType().equals("URL"))
                            .filter(t -> trees.stream()
                                    .anyMatch(c -> c.domain().equals("pricing-service")
                                            && c.parentId().equals(t.messageId())))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(
                                    "no order intake tree with a linked pricing tree yet among " + trees.size()));
                    String root = intake.rootId().isEmpty() ? intake.messageId() : intake.rootId();
                    for (String callee : List.of("pricing-service", "eta-service")) {
                        assertThat(trees)
                                .as("%s tree linked to %s", callee, intake.messageId())
                                .anyMatch(t -> t.domain().equals(callee)
                                        && t.parentId().equals(intake.messageId())
                                        && t.rootId().equals(root)
                                        && t.rootType().equals("Service"));
                    }
                });
    }

    @Test
    void aFlowRuleTurnsExcessOrdersIntoTooManyRequestsUntilRemoved() throws Exception {
        String resource = "order:POST:/orders";
        try {
            HttpResponse<String> put = send(
                    ServiceName.ORDER,
                    "PUT",
                    "/control/rules/flow",
                    "{\"rules\":[{\"resource\":\"" + resource + "\",\"count\":2}],\"reason\":\"it\"}",
                    TOKEN);
            assertThat(put.statusCode()).isEqualTo(200);
            assertThat(get(ServiceName.ORDER, "/control/rules/flow")
                            .path("rules")
                            .get(0)
                            .path("resource")
                            .asString())
                    .isEqualTo(resource);
            assertThat(metrics(ServiceName.ORDER))
                    .contains("logistics_protection_rules{kind=\"flow\",service=\"order\",timeboxed=\"false\"} 1.0");

            int tooMany = 0;
            for (int i = 0; i < 20; i++) if (postOrder("shenzhen").statusCode() == 429) tooMany++;
            assertThat(tooMany).isGreaterThanOrEqualTo(10);
            assertThat(metrics(ServiceName.ORDER))
                    .contains("logistics_sentinel_blocked_total{resource=\"" + resource
                            + "\",rule=\"flow\",service=\"order\"}");
        } finally {
            send(ServiceName.ORDER, "DELETE", "/control/rules/flow", null, TOKEN);
        }
        for (int i = 0; i < 10; i++)
            assertThat(postOrder("shenzhen").statusCode()).isEqualTo(201);
    }

    @Test
    void aTimeBoxedRuleExpiresByItself() throws Exception {
        send(
                ServiceName.PRICING,
                "PUT",
                "/control/rules/degrade",
                "{\"rules\":[{\"resource\":\"call:rider\",\"grade\":\"error_ratio\",\"count\":0.5,\"timeWindowSec\":10}],\"ttlSeconds\":2,\"reason\":\"it\"}",
                TOKEN);
        JsonNode inForce = get(ServiceName.PRICING, "/control/rules/degrade");
        assertThat(inForce.path("rules")).hasSize(1);
        assertThat(inForce.path("expiresAt").isNull()).isFalse();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(ServiceName.PRICING, "/control/rules/degrade")
                        .path("rules")
                        .isEmpty());
        assertThat(get(ServiceName.PRICING, "/control/audit")
                        .get(0)
                        .path("actor")
                        .asString())
                .isEqualTo("expiry");
    }

    @Test
    void aPerCityLimitThrottlesOnlyThatCity() throws Exception {
        try {
            send(
                    ServiceName.ORDER,
                    "PUT",
                    "/control/rules/param",
                    "{\"rules\":[{\"resource\":\"order.create\",\"paramIdx\":0,\"count\":1,\"exceptions\":{\"beijing\":1000}}]}",
                    TOKEN);
            int shanghaiThrottled = 0;
            for (int i = 0; i < 10; i++) if (postOrder("shanghai").statusCode() == 429) shanghaiThrottled++;
            int beijingThrottled = 0;
            for (int i = 0; i < 10; i++) if (postOrder("beijing").statusCode() == 429) beijingThrottled++;

            assertThat(shanghaiThrottled).isGreaterThanOrEqualTo(5);
            assertThat(beijingThrottled).isZero();
        } finally {
            send(ServiceName.ORDER, "DELETE", "/control/rules/param", null, TOKEN);
        }
    }

    @Test
    void theEtaModelSwitchFallsBackToTheFormula() throws Exception {
        String request = "{\"city\":\"shanghai\",\"distanceKm\":4,\"hour\":15,\"weather\":\"clear\",\"load\":1}";
        assertThat(json(send(ServiceName.ETA, "POST", "/eta", request, null))
                        .path("source")
                        .asString())
                .isEqualTo("model");
        try {
            send(ServiceName.ETA, "PUT", "/control/switches/eta.model", "{\"value\":false,\"reason\":\"it\"}", TOKEN);
            assertThat(json(send(ServiceName.ETA, "POST", "/eta", request, null))
                            .path("source")
                            .asString())
                    .isEqualTo("formula");
        } finally {
            send(ServiceName.ETA, "DELETE", "/control/switches/eta.model", null, TOKEN);
        }
        assertThat(json(send(ServiceName.ETA, "POST", "/eta", request, null))
                        .path("source")
                        .asString())
                .isEqualTo("model");
    }

    @Test
    void injectedLatencySlowsTheEndpointUntilCleared() throws Exception {
        String request = "{\"city\":\"shanghai\",\"distanceKm\":4,\"hour\":15,\"load\":1}";
        JsonNode fault = json(send(
                ServiceName.ETA,
                "POST",
                "/faults",
                "{\"type\":\"latency\",\"endpoint\":\"/eta\",\"fixedMs\":400,\"durationSec\":60}",
                TOKEN));
        try {
            long start = System.nanoTime();
            send(ServiceName.ETA, "POST", "/eta", request, null);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        } finally {
            send(ServiceName.ETA, "DELETE", "/faults/" + fault.path("id").asString(), null, TOKEN);
        }
        long start = System.nanoTime();
        send(ServiceName.ETA, "POST", "/eta", request, null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
    }

    @Test
    void pricingErrorsAndAnEtaOutageAreAbsorbedByFallbacks() throws Exception {
        JsonNode errors = json(send(
                ServiceName.PRICING,
                "POST",
                "/faults",
                "{\"type\":\"errors\",\"endpoint\":\"/price\",\"durationSec\":60}",
                TOKEN));
        JsonNode outage = json(send(
                ServiceName.ORDER,
                "POST",
                "/faults",
                "{\"type\":\"dependency\",\"target\":\"eta\",\"mode\":\"fail\",\"durationSec\":60}",
                TOKEN));
        try {
            JsonNode order = createOrder("shenzhen", 1, 1, 4, 5);

            double distance = Math.hypot(3, 4) * 1.3;
            assertThat(order.path("fee").asDouble())
                    .isEqualTo(io.outrider.logistics.pricing.BasePrices.fee("shenzhen", distance));
            String orderMetrics = metrics(ServiceName.ORDER);
            assertThat(orderMetrics)
                    .contains("logistics_order_fallbacks_total{dependency=\"pricing\"}")
                    .contains("logistics_order_fallbacks_total{dependency=\"eta\"}");
        } finally {
            send(ServiceName.PRICING, "DELETE", "/faults/" + errors.path("id").asString(), null, TOKEN);
            send(ServiceName.ORDER, "DELETE", "/faults/" + outage.path("id").asString(), null, TOKEN);
        }
    }

    @Test
    void aFaultOfOneCityFailsOnlyThatCitysRequestsWhichSayTheirCity() throws Exception {
        JsonNode errors = json(send(
                ServiceName.PRICING,
                "POST",
                "/faults",
                "{\"type\":\"errors\",\"city\":\"beijing\",\"durationSec\":60}",
                TOKEN));
        try {
            String quote = "{\"city\":\"%s\",\"area\":\"a1\",\"distanceKm\":3}";
            assertThat(sendIn("beijing", ServiceName.PRICING, "/price", quote.formatted("beijing"))
                            .statusCode())
                    .isEqualTo(500);
            assertThat(sendIn("shanghai", ServiceName.PRICING, "/price", quote.formatted("shanghai"))
                            .statusCode())
                    .isEqualTo(200);
            // through order-service, which passes the order's city on to pricing
            double before = fallbacks("pricing");
            createOrder("shanghai", 1, 1, 4, 5);
            assertThat(fallbacks("pricing")).isEqualTo(before);
            createOrder("beijing", 1, 1, 4, 5);
            assertThat(fallbacks("pricing")).isEqualTo(before + 1);
        } finally {
            send(ServiceName.PRICING, "DELETE", "/faults/" + errors.path("id").asString(), null, TOKEN);
        }
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(cat.trees())
                        .anyMatch(t -> t.domain().equals("pricing-service")
                                && t.rootType().equals("Service")
                                && t.rootData().contains("city=beijing")));
        HttpResponse<String> cpuInOneCity = send(
                ServiceName.PRICING,
                "POST",
                "/faults",
                "{\"type\":\"cpu\",\"city\":\"beijing\",\"durationSec\":5}",
                TOKEN);
        assertThat(cpuInOneCity.statusCode()).isEqualTo(400);
        assertThat(cpuInOneCity.body()).contains("a cpu fault hurts the whole service: it takes no city");
        HttpResponse<String> unknownCity =
                send(ServiceName.PRICING, "POST", "/faults", "{\"type\":\"errors\",\"city\":\"gotham\"}", TOKEN);
        assertThat(unknownCity.statusCode()).isEqualTo(400);
        assertThat(unknownCity.body()).contains("unknown city gotham");
    }

    private static double fallbacks(String dependency) throws Exception {
        String line = "logistics_order_fallbacks_total{dependency=\"" + dependency + "\"} ";
        return metrics(ServiceName.ORDER)
                .lines()
                .filter(l -> l.startsWith(line))
                .mapToDouble(l -> Double.parseDouble(l.substring(line.length()).trim()))
                .sum();
    }

    private static HttpResponse<String> sendIn(String city, ServiceName service, String path, String body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(config.baseUrl(service) + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("X-City", city)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void cpuAndMemoryFaultsLoadTheProcess() throws Exception {
        ProcessHandle rider =
                ProcessHandle.of(supervisor.pid(ServiceName.RIDER)).orElseThrow();
        Duration cpuBefore = rider.info().totalCpuDuration().orElseThrow();
        send(ServiceName.RIDER, "POST", "/faults", "{\"type\":\"cpu\",\"threads\":1,\"durationSec\":3}", TOKEN);
        Thread.sleep(3500);
        Duration burnt = rider.info().totalCpuDuration().orElseThrow().minus(cpuBefore);
        assertThat(burnt).isGreaterThan(Duration.ofMillis(1500));

        JsonNode memory = json(send(
                ServiceName.PRICING,
                "POST",
                "/faults",
                "{\"type\":\"memory\",\"megabytes\":64,\"durationSec\":30}",
                TOKEN));
        // the blocks are live while the fault lasts, so no collection takes the heap in use below them
        assertThat(heapUsedBytes(ServiceName.PRICING))
                .as("heap in use while the fault holds 64 MB")
                .isGreaterThanOrEqualTo(64L << 20);
        send(ServiceName.PRICING, "DELETE", "/faults/" + memory.path("id").asString(), null, TOKEN);
    }

    @Test
    void aKilledServiceIsRestartedBySupervisor() throws Exception {
        long before = supervisor.pid(ServiceName.RIDER);

        HttpResponse<String> killed = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.basePort() + "/services/rider/kill"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(killed.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> supervisor.pid(ServiceName.RIDER) != before && healthy(ServiceName.RIDER));
        assertThat(supervisor.services()).anyMatch(s -> s.service().equals("rider-service") && s.restarts() == 1);
    }

    @Test
    void controlAndFaultApisNeedTheToken() throws Exception {
        assertThat(send(ServiceName.ORDER, "GET", "/control/rules", null, null).statusCode())
                .isEqualTo(401);
        assertThat(send(ServiceName.ORDER, "GET", "/control/rules", null, "wrong")
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(ServiceName.ORDER, "POST", "/faults", "{\"type\":\"errors\"}", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void badRequestsGetAClearError() throws Exception {
        HttpResponse<String> unknownField = send(
                ServiceName.ORDER,
                "POST",
                "/orders",
                "{\"city\":\"shanghai\",\"pickup\":{\"x\":1,\"y\":1},\"dropoff\":{\"x\":2,\"y\":2},\"tip\":5}",
                null);
        HttpResponse<String> notJson = send(ServiceName.ORDER, "POST", "/orders", "{city", null);
        HttpResponse<String> unknownCity = send(
                ServiceName.ORDER,
                "POST",
                "/orders",
                "{\"city\":\"gotham\",\"pickup\":{\"x\":1,\"y\":1},\"dropoff\":{\"x\":2,\"y\":2}}",
                null);
        HttpResponse<String> outside = send(
                ServiceName.ORDER,
                "POST",
                "/orders",
                "{\"city\":\"shanghai\",\"pickup\":{\"x\":1,\"y\":1},\"dropoff\":{\"x\":99,\"y\":2}}",
                null);
        HttpResponse<String> badRule = send(
                ServiceName.ORDER,
                "PUT",
                "/control/rules/flow",
                "{\"rules\":[{\"resource\":\"x\",\"grade\":\"bananas\",\"count\":1}]}",
                TOKEN);

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("tip");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(unknownCity.statusCode()).isEqualTo(400);
        assertThat(unknownCity.body()).contains("unknown city gotham");
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.body()).contains("outside the city");
        assertThat(badRule.statusCode()).isEqualTo(400);
        assertThat(badRule.body()).contains("bananas");
    }

    // --- helpers

    private static JsonNode createOrder(String city, double px, double py, double dx, double dy) throws Exception {
        HttpResponse<String> response = send(
                ServiceName.ORDER,
                "POST",
                "/orders",
                "{\"city\":\"" + city + "\",\"pickup\":{\"x\":" + px + ",\"y\":" + py + "},\"dropoff\":{\"x\":" + dx
                        + ",\"y\":" + dy + "}}",
                null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    private static final SplittableRandom RANDOM = new SplittableRandom(3);

    private static HttpResponse<String> postOrder(String city) throws Exception {
        return send(
                ServiceName.ORDER,
                "POST",
                "/orders",
                "{\"city\":\"" + city + "\",\"pickup\":{\"x\":" + RANDOM.nextInt(15)
                        + ",\"y\":3},\"dropoff\":{\"x\":5,\"y\":6}}",
                null);
    }

    private static JsonNode get(ServiceName service, String path) throws Exception {
        return json(send(service, "GET", path, null, TOKEN));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(ServiceName service, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.baseUrl(service) + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Actor", "logistics-it")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(ServiceName service) throws Exception {
        return send(service, "GET", "/metrics", null, null).body();
    }

    private static boolean healthy(ServiceName service) {
        try {
            return send(service, "GET", "/health", null, null).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static long heapUsedBytes(ServiceName service) throws Exception {
        String line = "process_heap_used_bytes{service=\"" + service.id() + "\"} ";
        return metrics(service)
                .lines()
                .filter(l -> l.startsWith(line))
                .mapToLong(l ->
                        (long) Double.parseDouble(l.substring(line.length()).trim()))
                .findFirst()
                .orElseThrow();
    }

    /** A base port whose next five ports are free too. */
    private static int freeBasePort() throws IOException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + random.nextInt(20000);
            boolean free = true;
            for (int p = base; p <= base + 5 && free; p++) {
                try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    // free
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IOException("no six free consecutive ports found");
    }
}
