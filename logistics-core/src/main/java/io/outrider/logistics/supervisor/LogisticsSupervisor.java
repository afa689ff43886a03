package io.outrider.logistics.supervisor;

import io.outrider.logistics.city.Weather;
import io.outrider.logistics.platform.BearerToken;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.HttpError;
import io.outrider.logistics.platform.ServiceConfig;
import io.outrider.logistics.platform.ServiceName;
import io.outrider.logistics.traffic.CityTraffic;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the five services as child processes and keeps them running together: a service that dies is restarted
 * (with backoff), stopping the supervisor stops them all. It serves an API on the base port to list the services,
 * kill or restart one (faults for drills), and steer the traffic simulation (rate, weather, surges).
 */
public final class LogisticsSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogisticsSupervisor.class);

    /** The logging configuration of the services (a classpath resource). */
    public static final String LOGGING = "logback-logistics.xml";

    /**
     * How to launch the group.
     *
     * @param launcher the command that runs {@code LogisticsService} with the arguments appended, e.g.
     *     {@code java -Xmx96m -cp CP io.outrider.logistics.LogisticsService}
     * @param config the settings every service shares (its {@code service} field is ignored)
     * @param trafficRate orders per second at the profile's 1.0; 0 starts no traffic
     */
    public record Settings(
            List<String> launcher,
            ServiceConfig config,
            double trafficRate,
            Instant simulatedStart,
            boolean dailyProfile) {}

    private final Settings settings;
    private final Map<ServiceName, ServiceProcess> processes = new EnumMap<>(ServiceName.class);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("supervisor").factory());
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private @Nullable CityTraffic traffic;
    private @Nullable HttpApp api;

    public LogisticsSupervisor(Settings settings) {
        this.settings = settings;
    }

    /** The JVM options each service runs with: small heap and code cache, the CAT client's opens. */
    public static List<String> serviceJvmOptions() {
        return List.of(
                "-Xmx128m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=32m",
                "-XX:MaxMetaspaceSize=128m",
                "-Dlogback.configurationFile=" + LOGGING,
                "--add-opens",
                "java.base/java.nio=ALL-UNNAMED",
                "--add-opens",
                "java.base/jdk.internal.ref=ALL-UNNAMED",
                "-Dio.netty.noUnsafe=true",
                "--sun-misc-unsafe-memory-access=allow");
    }

    /** Launches every service, waits until all answer {@code /health}, then starts the traffic and the API. */
    public LogisticsSupervisor start(Duration timeout) {
        ServiceConfig config = settings.config();
        try {
            Path logs = config.workDir().resolve("logs");
            Files.createDirectories(logs);
            for (ServiceName service : ServiceName.values()) {
                List<String> command = new ArrayList<>(settings.launcher());
                command.addAll(config.forService(service).toArgs());
                ServiceProcess process = new ServiceProcess(service, command, logs.resolve(service.domain() + ".log"));
                processes.put(service, process);
                process.start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot launch the logistics services: " + e.getMessage(), e);
        }
        awaitHealthy(timeout);
        watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
        if (settings.trafficRate() > 0) {
            traffic = new CityTraffic(
                            config.baseUrl(ServiceName.ORDER),
                            config.cities(),
                            settings.trafficRate(),
                            config.timeScale(),
                            settings.simulatedStart(),
                            settings.dailyProfile(),
                            config.seed(),
                            registry)
                    .start();
        }
        api = new HttpApp(config.basePort(), (request, handler) -> handler.handle(request));
        mountApi(api);
        api.start();
        log.info(
                "Logistics core is up: services on 127.0.0.1:{}..{}, supervisor API on 127.0.0.1:{}, traffic {} orders/s",
                ServiceName.ORDER.port(config.basePort()),
                ServiceName.PRICING.port(config.basePort()),
                config.basePort(),
                settings.trafficRate());
        return this;
    }

    private void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (ServiceName service : ServiceName.values()) {
            while (!healthy(service)) {
                ServiceProcess process = processes.get(service);
                if (process != null && !process.alive()) {
                    close();
                    throw new IllegalStateException(service.domain() + " exited during start; see "
                            + process.view().log());
                }
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new IllegalStateException(service.domain() + " did not answer /health within "
                            + timeout.toSeconds() + " s; see its log under "
                            + settings.config().workDir().resolve("logs"));
                }
                sleep(200);
            }
        }
    }

    boolean healthy(ServiceName service) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(settings.config().baseUrl(service) + "/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void watch() {
        Instant now = Instant.now();
        processes.values().forEach(process -> {
            try {
                if (process.restartIfDead(now))
                    log.warn(
                            "{} died; restarted it ({} restarts)",
                            process.service.domain(),
                            process.view().restarts());
                else if (process.alive()) process.markHealthy();
            } catch (IOException e) {
                log.error("cannot restart {}: {}", process.service.domain(), e.getMessage());
            }
        });
    }

    /** What a surge request asks for. */
    public record SurgeRequest(
            @Nullable String city,
            double factor,
            long durationSec,
            @Nullable String reason) {}

    public record WeatherRequest(String city, String weather) {}

    public record RateRequest(double ordersPerSecond) {}

    private void mountApi(HttpApp app) {
        BearerToken token = new BearerToken(settings.config().controlToken());
        app.operational("GET", "/health", r -> Map.of("status", "UP"));
        app.operational("GET", "/services", r -> services());
        app.operational("POST", "/services/{name}/kill", r -> {
            token.check(r);
            requireFaults();
            process(r.path("name")).kill();
            return process(r.path("name")).view();
        });
        app.operational("POST", "/services/{name}/restart", r -> {
            token.check(r);
            ServiceProcess process = process(r.path("name"));
            process.stop();
            process.start();
            return process.view();
        });
        app.operational("GET", "/traffic", r -> requireTraffic().status());
        app.operational("PUT", "/traffic/rate", r -> {
            token.check(r);
            requireTraffic().setBaseRate(r.body(RateRequest.class).ordersPerSecond());
            return requireTraffic().status();
        });
        app.operational("PUT", "/traffic/weather", r -> {
            token.check(r);
            WeatherRequest w = r.body(WeatherRequest.class);
            requireTraffic().setWeather(w.city(), Weather.valueOf(w.weather().toUpperCase(Locale.ROOT)));
            return requireTraffic().status();
        });
        app.operational("POST", "/traffic/surges", r -> {
            token.check(r);
            requireFaults();
            SurgeRequest s = r.body(SurgeRequest.class);
            return HttpApp.Response.json(
                    201,
                    requireTraffic()
                            .surge(
                                    s.city(),
                                    s.factor(),
                                    Duration.ofSeconds(s.durationSec()),
                                    s.reason() == null ? "drill" : s.reason()));
        });
        app.operational("DELETE", "/traffic/surges/{id}", r -> {
            token.check(r);
            if (!requireTraffic().clearSurge(r.path("id"))) throw HttpError.notFound("no active surge " + r.path("id"));
            return null;
        });
        app.operational(
                "GET", "/metrics", r -> HttpApp.Response.text(scrape(), PrometheusTextFormatWriter.CONTENT_TYPE));
    }

    public List<ServiceStatus> services() {
        return processes.values().stream().map(ServiceProcess::view).toList();
    }

    /** Pid of a service's process, -1 when none. */
    public long pid(ServiceName service) {
        ServiceProcess process = processes.get(service);
        return process == null ? -1 : process.pid();
    }

    private ServiceProcess process(String name) {
        try {
            ServiceProcess process = processes.get(ServiceName.of(name));
            if (process == null) throw HttpError.notFound("no service " + name);
            return process;
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound(String.valueOf(e.getMessage()));
        }
    }

    private CityTraffic requireTraffic() {
        CityTraffic current = traffic;
        if (current == null) throw new HttpError(409, "no traffic simulation runs (started with rate 0)");
        return current;
    }

    private void requireFaults() {
        if (!settings.config().faultsEnabled())
            throw new HttpError(
                    403,
                    "fault injection is disabled; start the group with faults enabled (outrider logistics --faults)");
    }

    private String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Stops the traffic, the API and every service. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        if (traffic != null) traffic.close();
        if (api != null) api.close();
        processes.values().parallelStream().forEach(ServiceProcess::stop);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
