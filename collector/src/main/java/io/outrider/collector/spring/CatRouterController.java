package io.outrider.collector.spring;

import io.outrider.collector.cat.server.CatRouter;
import io.outrider.collector.cat.server.CatTcpServer;
import io.outrider.collector.elasticsearch.CollectorInstances;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /cat/s/router?domain=&ip=&op=json|xml|api}: where CAT clients should send. */
@RestController
class CatRouterController {

    private final CollectorProperties.Cat settings;
    private final CatTcpServer server;
    private final @Nullable CollectorInstances instances;

    CatRouterController(CollectorProperties.Cat settings, CatTcpServer server, @Nullable CollectorInstances instances) {
        this.settings = settings;
        this.server = server;
        this.instances = instances;
    }

    @GetMapping("/cat/s/router")
    ResponseEntity<?> router(
            @RequestParam(required = false) String domain,
            @RequestParam(required = false) String ip,
            @RequestParam(defaultValue = "json") String op) {
        List<String> collectors = CatRouter.spread(collectors(), domain == null ? "" : domain, ip == null ? "" : ip);
        return switch (op) {
            case "json" ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(CatRouter.json(collectors));
            case "xml" ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(CatRouter.xml(collectors));
            case "api" -> ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(CatRouter.routers(collectors));
            default ->
                ResponseEntity.badRequest().body(java.util.Map.of("error", "op must be json, xml or api: " + op));
        };
    }

    /** The configured routers, else every live collector instance, else this one. */
    private List<String> collectors() {
        if (!settings.routers().isEmpty()) return settings.routers();
        if (instances != null) return instances.alive();
        return List.of(endpoint(settings, server.port()));
    }

    /** {@code host:port} clients can reach: the bind address, or loopback when bound to all interfaces. */
    static String endpoint(CollectorProperties.Cat settings, int port) {
        String bind = settings.bindAddress();
        return (bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind) + ":" + port;
    }
}
