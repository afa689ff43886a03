package io.outrider.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.outrider.collector.otlp.OtlpHttpServer;
import io.outrider.infra.testing.SharedInfrastructure;
import io.outrider.runbooks.OrderServiceProcess;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real browser (the Debian chromium, headless) against the whole server on the shared embedded
 * Kafka and Elasticsearch, with a real order-service as the runbooks' target: sign in, see a new incident appear
 * without reloading, acknowledge it with the keyboard, note it, preview and approve a runbook run and revert it,
 * open a request's logview; a viewer sees but cannot act. Screenshots of each step are kept in
 * {@code server/target/screenshots}.
 */
@ExtendWith(SharedInfrastructure.class)
@DirtiesContext
@SpringBootTest(classes = OutriderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CONTROL_TOKEN = "console-it-control";
    private static @Nullable OrderServiceProcess order;
    private static @Nullable TestOidcProvider idp;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) throws Exception {
        TestApi.sharedInfrastructure(registry, "console-it-home");
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4); // cheap hashes: tests only
        registry.add("outrider.console.users[0].name", () -> "alice");
        registry.add("outrider.console.users[0].password", () -> "{bcrypt}" + bcrypt.encode("alice-password"));
        registry.add("outrider.console.users[0].role", () -> "responder");
        registry.add("outrider.console.users[1].name", () -> "victor");
        registry.add("outrider.console.users[1].password", () -> "{bcrypt}" + bcrypt.encode("victor-password"));
        registry.add("outrider.console.users[1].role", () -> "viewer");
        registry.add("outrider.runbooks.token", () -> CONTROL_TOKEN);
        registry.add("outrider.runbooks.tick-interval", () -> "1s");
        // sign-in with an OpenID Connect provider: on-call engineers are responders, contractors may not sign in
        idp = new TestOidcProvider();
        idp.registration().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("outrider.console.oidc.roles.oncall", () -> "responder");
        registry.add("outrider.console.oidc.default-role", () -> "none");
        order = OrderServiceProcess.start(CONTROL_TOKEN);
        registry.add("outrider.runbooks.targets.order", () -> order.url().toString());
    }

    @AfterAll
    static void stopOrderService() throws Exception {
        if (order != null) order.close();
        if (idp != null) idp.close();
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    OtlpHttpServer otlp;

    private final HttpClient http = HttpClient.newHttpClient();
    private WebDriver browser;
    private WebDriverWait wait;
    /** A wait for the live incident page, which may reload under it. */
    private WebDriverWait live;

    private String testName = "test";
    private int shot;

    @BeforeEach
    void openBrowser(TestInfo info) throws Exception {
        assertThat(CHROMIUM)
                .as("the console tests need the Debian packages chromium and chromium-driver (.ci/run installs them)")
                .exists();
        assertThat(CHROMEDRIVER).exists();
        Path profile = Files.createTempDirectory("console-it-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        // the incident page reloads itself when its incident changes: a found element may go stale meanwhile
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        live = new WebDriverWait(browser, Duration.ofSeconds(30));
        live.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        testName = info.getTestMethod().map(m -> m.getName()).orElse("test");
        shot = 0;
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            screenshot("last");
            browser.quit();
        }
    }

    @Test
    void aResponderSeesAnIncidentArriveLiveAcknowledgesItAndApprovesARunbook() throws Exception {
        signIn("alice", "alice-password");
        assertThat(browser.findElement(By.id("me")).getText()).isEqualTo("alice");
        screenshot("inbox");

        // the inbox is not reloaded: a marker set now survives until the new incident shows
        ((JavascriptExecutor) browser).executeScript("window.__stillHere = true;");
        String city = "console-city-" + Long.toString(System.nanoTime(), 36);
        webhook("OrderLatency", "order-service", city, "critical");
        By row = By.xpath("//table[@id='rows']//tr[contains(@class,'incident')][td[normalize-space()='" + city + "']]");
        wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__stillHere === true;"))
                .as("the row arrived by the live feed, without reloading the page")
                .isEqualTo(true);
        screenshot("incident-arrived");

        click(new org.openqa.selenium.support.pagefactory.ByChained(row, By.tagName("a")));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "triggered"));
        String incidentPage = browser.getCurrentUrl();
        screenshot("incident");
        onLivePage(
                "ack",
                ExpectedConditions.textToBe(By.id("status"), "acknowledged"),
                d -> d.findElement(By.tagName("body")).sendKeys("a")); // the acknowledge shortcut
        assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("alice");

        onLivePage(
                "note",
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("timeline"), "alice: order-service p99 at 3 s"),
                d -> {
                    d.findElement(By.id("note-text")).sendKeys("order-service p99 at 3 s; checking its database");
                    d.findElement(By.cssSelector("#note button")).click();
                });
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("acknowledged by alice");

        // a runbook: its preview reads the live rules of order-service and writes nothing
        By runbookOfSurge = By.cssSelector("#other-runbooks [data-runbook='holiday-surge-order-throttle']");
        onLivePage(
                "preview",
                d -> d.findElement(runbookOfSurge)
                        .findElement(By.cssSelector("pre.plan"))
                        .getText()
                        .contains("order.create"),
                d -> {
                    d.findElement(By.cssSelector("#other-runbooks summary")).click();
                    d.findElement(runbookOfSurge)
                            .findElement(By.cssSelector("button.preview"))
                            .click();
                });
        // from here on the page stays: a change of the incident while its preview is shown is announced, not reloaded
        ((JavascriptExecutor) browser).executeScript("window.__previewPage = true;");
        WebElement runbook = browser.findElement(runbookOfSurge);
        screenshot("runbook-preview");
        // the incident changes under the preview (a colleague's note): the page says so instead of reloading it away
        String incidentId = incidentPage.substring(incidentPage.lastIndexOf('/') + 1);
        HttpResponse<String> note = http.send(
                TestApi.request(url("/api/incidents/" + incidentId + "/notes?by=bob"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("the database looks fine"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(note.statusCode()).as(note.body()).isEqualTo(200);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("changed")));
        assertThat(runbook.findElement(By.cssSelector("pre.plan")).getText())
                .as("the preview still shown")
                .contains("order.create");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__previewPage === true;"))
                .as("the page with the preview was not reloaded")
                .isEqualTo(true);
        screenshot("incident-changed-under-preview");
        runbook.findElement(By.cssSelector("button.propose")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#runs button.approve")));
        screenshot("run-proposed");
        click(By.cssSelector("#runs button.approve"));
        // the page reloads on each step the run announces; the last before verification ends is "verifying"
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "applied; verifying recovery"));
        wait.until(d -> {
            String state = d.findElement(By.cssSelector("#runs .state")).getText();
            return state.equals("verifying") || state.equals("succeeded");
        });
        screenshot("run-approved");
        assertThat(get(order.url().resolve("/control/rules/param").toString(), "Bearer " + CONTROL_TOKEN))
                .as("the approved run throttles order-service")
                .contains("order.create");
        click(By.cssSelector("#runs button.revert"));
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#runs .state"), "reverted"));
        assertThat(get(order.url().resolve("/control/rules/param").toString(), "Bearer " + CONTROL_TOKEN))
                .doesNotContain("order.create");

        // every action is in the audit log with who did it
        browser.get(url("/audit?actor=alice"));
        String audit = browser.findElement(By.id("audit")).getText();
        assertThat(audit).contains("/status", "/notes", "/approve", "/revert");
        screenshot("audit");

        // the postmortem: drafted from what happened, edited and saved in the page
        browser.get(incidentPage);
        click(By.id("postmortem"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "Summary"));
        assertThat(browser.findElement(By.id("preview")).getText())
                .contains("acknowledged by alice", "holiday-surge-order-throttle", "Action items");
        browser.findElement(By.cssSelector("#editor textarea"))
                .sendKeys(
                        org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, org.openqa.selenium.Keys.END),
                        "\n\nLesson from the console tour.\n");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#editor select[name=status]")))
                .selectByValue("in review");
        click(By.cssSelector("#editor button[type=submit]"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.meta"), "Saved by alice"));
        assertThat(browser.findElement(By.id("preview")).getText()).contains("Lesson from the console tour.");
        screenshot("postmortem");

        // the analytics draw their charts from the report the page carries
        browser.get(url("/analytics"));
        wait.until(d -> !d.findElements(By.cssSelector("#chart-weeks canvas")).isEmpty()
                && !d.findElements(By.cssSelector("#chart-services canvas")).isEmpty());
        assertThat(browser.findElement(By.id("figures")).getText()).contains("Incidents");
        screenshot("analytics");
        browser.get(url("/notifications"));
        assertThat(browser.findElement(By.id("channels")).getText()).contains("No channel is configured");
    }

    @Test
    void aViewerSeesEverythingButCannotAct() throws Exception {
        String city = "viewer-city-" + Long.toString(System.nanoTime(), 36);
        webhook("OrderErrors", "order-service", city, "warning");
        signIn("victor", "victor-password");
        By row = By.xpath("//table[@id='rows']//tr[td[normalize-space()='" + city + "']]");
        String id = wait.until(d -> d.findElement(row).getAttribute("data-id"));
        browser.get(url("/incidents/" + id));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "triggered"));
        assertThat(browser.findElements(By.id("ack")))
                .as("no acknowledge button")
                .isEmpty();
        assertThat(browser.findElements(By.id("note-text"))).isEmpty();
        // the API refuses the viewer's session even when the page is bypassed
        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "outrider.api('POST', '/api/incidents/' + arguments[0] + '/status?to=resolved')"
                                + ".then(() => done('accepted'), e => done(e.message));",
                        id);
        assertThat(String.valueOf(status)).startsWith("Not allowed");
        browser.get(url("/settings"));
        assertThat(browser.getPageSource()).doesNotContain("API tokens");
        screenshot("viewer");
    }

    @Test
    void aWrongPasswordIsRefusedAndARequestOpensInTheLogview() throws Exception {
        browser.get(url("/"));
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("wrong");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        screenshot("wrong-password");

        // one request across two services over OTLP, then its logview
        String trace = "%032x".formatted(System.nanoTime());
        long start = Instant.now().toEpochMilli() * 1_000_000L;
        String body = """
                {"resourceSpans":[
                 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"lv-front"}}]},"scopeSpans":[{"spans":[
                  {"traceId":"%1$s","spanId":"00000000000000a1","name":"GET /quote","kind":2,"status":{"code":1},
                   "startTimeUnixNano":"%2$d","endTimeUnixNano":"%3$d"},
                  {"traceId":"%1$s","spanId":"00000000000000a2","parentSpanId":"00000000000000a1","name":"query","kind":3,
                   "attributes":[{"key":"peer.service","value":{"stringValue":"lv-db"}}],"status":{"code":1},
                   "startTimeUnixNano":"%4$d","endTimeUnixNano":"%5$d"}]}]},
                 {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"lv-db"}}]},"scopeSpans":[{"spans":[
                  {"traceId":"%1$s","spanId":"00000000000000b1","parentSpanId":"00000000000000a2","name":"query","kind":2,
                   "status":{"code":2},"startTimeUnixNano":"%4$d","endTimeUnixNano":"%5$d"}]}]}]}
                """.formatted(trace, start, start + 40_000_000L, start + 5_000_000L, start + 35_000_000L);
        HttpResponse<String> sent = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp.port() + "/v1/traces"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        signIn("victor", "victor-password");
        Instant deadline = Instant.now().plusSeconds(30);
        String tree = "";
        while (Instant.now().isBefore(deadline)) {
            browser.get(url("/traces/" + trace));
            wait.until(d -> !d.findElement(By.id("trace-summary")).getText().equals("Reading…"));
            tree = browser.findElement(By.id("trace")).getText();
            if (tree.contains("lv-front") && tree.contains("lv-db")) break;
            Thread.sleep(1000);
        }
        assertThat(tree).contains("lv-front", "lv-db", "GET /quote");
        screenshot("logview");
    }

    @Test
    void everyPageDrawsItsDataFromTheApi() {
        signIn("alice", "alice-password");
        // each of these tables is filled by the page's script from the REST API: rows, or the sentence saying why
        // there are none; a script error would leave them empty
        browser.get(url("/topology"));
        wait.until(d -> !d.findElements(By.cssSelector("#edges tbody tr")).isEmpty());
        browser.get(url("/services/order-service"));
        wait.until(d -> !d.findElements(By.cssSelector("#transactions tbody tr"))
                        .isEmpty()
                && !d.findElements(By.cssSelector("#instances tbody tr")).isEmpty());
        browser.get(url("/rules"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rules"), "ServiceLatencyP99"));
        browser.get(url("/silences"));
        wait.until(d -> !d.findElements(By.cssSelector("#silences tbody tr")).isEmpty());
        screenshot("silences");
        // a silence: previewed, created, listed with who made it, expired
        browser.findElement(By.id("matchers")).sendKeys("service=\"console-tour\"");
        browser.findElement(By.id("preview")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-result"), "Would mute"));
        browser.findElement(By.id("comment")).sendKeys("tour of the console");
        browser.findElement(By.cssSelector("#silence-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("silences"), "tour of the console"));
        assertThat(browser.findElement(By.id("silences")).getText()).contains("alice");
        By mine = By.xpath("//table[@id='silences']//tr[td[contains(., 'tour of the console')]]");
        browser.findElement(mine).findElement(By.cssSelector("button.expire")).click();
        wait.until(d -> d.findElement(mine).getText().contains("expired"));
        browser.get(url("/runbooks"));
        assertThat(browser.findElement(By.id("catalog")).getText()).contains("holiday-surge-order-throttle");
        browser.get(url("/swagger-ui/index.html"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "/api/incidents"));
        screenshot("api");
    }

    @Test
    void peopleSignInWithTheOpenIdConnectProviderAndGetTheRoleOfTheirGroup() {
        idp.signInAs("olga", java.util.List.of("staff", "oncall"));
        browser.get(url("/login"));
        browser.findElement(By.id("sso-test")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rows")));
        assertThat(browser.findElement(By.id("me")).getText()).isEqualTo("olga");
        assertThat(browser.findElement(By.cssSelector(".who .role")).getText()).isEqualTo("responder");
        screenshot("oidc-signed-in");
        browser.findElement(By.cssSelector("header .who form button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));

        // in no group that gives a role: refused, and told why
        idp.signInAs("carl", java.util.List.of("contractors"));
        browser.findElement(By.id("sso-test")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Sign-in refused", "no group");
        screenshot("oidc-refused");
    }

    /** Clicks what {@code by} finds, finding it again if the page reloaded under it. */
    /**
     * Acts once on each load of the incident page until the outcome shows: a live change of the incident that
     * arrives meanwhile (its first root-cause ranking, say) reloads the page, and the action is done again there.
     */
    private void onLivePage(
            String action,
            java.util.function.Function<WebDriver, ?> outcome,
            java.util.function.Consumer<WebDriver> act) {
        String done = "window.__done_" + action;
        live.until(d -> {
            Object shown = outcome.apply(d);
            if (shown != null && !Boolean.FALSE.equals(shown)) return true;
            if (!Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return " + done + " === true;"))) {
                act.accept(d);
                ((JavascriptExecutor) d).executeScript(done + " = true;");
            }
            return false;
        });
    }

    private void click(By by) {
        wait.until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private void signIn(String user, String password) {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rows")));
    }

    private void webhook(String alertname, String service, String city, String severity) throws Exception {
        String payload = """
                {"version":"4","status":"firing","receiver":"outrider","alerts":[
                 {"status":"firing","labels":{"alertname":"%s","service":"%s","city":"%s","symptom":"latency","severity":"%s"},"startsAt":"%s"}]}
                """.formatted(alertname, service, city, severity, Instant.now());
        HttpResponse<String> response = http.send(
                TestApi.request(url("/api/alertmanager/webhook"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("\"accepted\":1");
    }

    private String get(String address, String authorization) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(address))
                                .header("Authorization", authorization)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    private void screenshot(String step) {
        try {
            File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(
                    png.toPath(),
                    SCREENSHOTS.resolve("%s-%02d-%s.png".formatted(testName, ++shot, step)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            // a screenshot is a by-product; the test's assertions say what failed
        }
    }
}
