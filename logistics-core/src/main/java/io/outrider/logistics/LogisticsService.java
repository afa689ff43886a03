package io.outrider.logistics;

import com.dianping.cat.Cat;
import io.outrider.logistics.control.ControlApi;
import io.outrider.logistics.control.ProtectionMetrics;
import io.outrider.logistics.control.Switches;
import io.outrider.logistics.dispatch.DispatchService;
import io.outrider.logistics.eta.EtaModel;
import io.outrider.logistics.eta.EtaService;
import io.outrider.logistics.fault.FaultInjector;
import io.outrider.logistics.order.OrderService;
import io.outrider.logistics.platform.BearerToken;
import io.outrider.logistics.platform.Downstream;
import io.outrider.logistics.platform.HttpApp;
import io.outrider.logistics.platform.Instrumentation;
import io.outrider.logistics.platform.ServiceConfig;
import io.outrider.logistics.platform.ServiceMetrics;
import io.outrider.logistics.pricing.PricingService;
import io.outrider.logistics.rider.RiderService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logistics service in this JVM: its HTTP API, control and fault APIs, {@code /metrics}, {@code /health},
 * CAT and Sentinel. {@link #main} is what the supervisor launches, once per service.
 */
public final class LogisticsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogisticsService.class);

    private final HttpApp app;
    private final List<AutoCloseable> parts = new ArrayList<>();

    private LogisticsService(ServiceConfig config) {
        Clock clock = Clock.systemUTC();
        Path workDir = config.workDir().resolve(config.service().id());
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir, e);
        }
        System.setProperty("csp.sentinel.log.dir", workDir.resolve("sentinel").toString());
        System.setProperty("csp.sentinel.app.name", config.service().domain());
        initCat(config, workDir);

        ServiceMetrics metrics = new ServiceMetrics(config.service());
        Switches switches = new Switches();
        // changes are CAT events of type Change, as deployments and configuration changes are logged in CAT
        FaultInjector faults = new FaultInjector(config.faultsEnabled(), config.service(), config.cities(), clock)
                .onChange(what -> Cat.logEvent("Change", what));
        ControlApi control = new ControlApi(new BearerToken(config.controlToken()), switches, clock)
                .onChange(what -> Cat.logEvent("Change", what));
        Downstream downstream = new Downstream(config, metrics, faults);
        app = new HttpApp(config.port(), new Instrumentation(config.service(), metrics, faults, switches, clock));

        switch (config.service()) {
            case ORDER -> {
                OrderService orders = new OrderService(config.cities(), downstream, clock, config.timeScale(), metrics);
                orders.mount(app);
                var sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("give-up").factory());
                orders.start(sweeper);
                parts.add(sweeper::shutdownNow);
            }
            case DISPATCH -> {
                DispatchService dispatch = new DispatchService(config.cities(), downstream, switches, clock, metrics);
                dispatch.mount(app);
                parts.add(dispatch.start());
            }
            case RIDER -> {
                RiderService riders = new RiderService(
                        config.cities(),
                        config.ridersPerCity(),
                        config.seed(),
                        config.timeScale(),
                        downstream,
                        metrics);
                riders.mount(app);
                parts.add(riders.start());
            }
            case ETA -> new EtaService(EtaModel.train(config.seed(), 4000), switches, clock, metrics).mount(app);
            case PRICING -> {
                PricingService pricing = new PricingService(switches, clock, config.cities(), downstream, metrics);
                pricing.mount(app);
                parts.add(pricing.refreshSupplyEvery(Duration.ofSeconds(5)));
            }
        }
        control.mount(app);
        ProtectionMetrics.register(
                metrics.registry(), control, switches, clock, config.service().id());
        faults.mount(app, new BearerToken(config.controlToken()));
        app.operational(
                "GET", "/health", request -> Map.of("service", config.service().domain(), "status", "UP"));
        app.operational("GET", "/metrics", request -> HttpApp.Response.text(metrics.scrape(), metrics.contentType()));
        app.start();
        log.info("{} listening on 127.0.0.1:{}", config.service().domain(), app.port());
    }

    /** Starts the service described by {@code config}. */
    public static LogisticsService start(ServiceConfig config) {
        return new LogisticsService(config);
    }

    private static void initCat(ServiceConfig config, Path workDir) {
        System.setProperty("CAT_HOME", workDir.resolve("cat").toString() + "/");
        // the address CAT reports and numbers messages with: one of its own per service. A caller numbers the
        // trees of the services it calls with its own address (logRemoteCallClient); with one address for all
        // five services on one host, order-service's own ids and those dispatch-service made for its calls to
        // order-service were the same, and one tree replaced the other in storage. 127.0.0.0/8 is all loopback.
        System.setProperty("host.ip", "127.0.0." + (10 + config.service().ordinal() + 1));
        if (config.catServers().isEmpty()) return;
        String[] first = config.catServers().getFirst().split(":");
        String[] hosts = config.catServers().stream().map(s -> s.split(":")[0]).toArray(String[]::new);
        Cat.initializeByDomain(
                config.service().domain(), Integer.parseInt(first[1]), Integer.parseInt(first[2]), hosts);
    }

    @Override
    public void close() {
        app.close();
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                log.debug("closing {}", part, e);
            }
        }
    }

    /** {@code --service=order --base-port=7070 ...}: runs one service until the process is stopped. */
    public static void main(String[] args) {
        ServiceConfig config = ServiceConfig.parse(args);
        LogisticsService service = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    }
}
