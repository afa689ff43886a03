package io.outrider.console;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.outrider.console.audit.ConsoleAudit;
import io.outrider.console.inbox.IncidentFeed;
import io.outrider.console.security.ApiTokens;
import io.outrider.console.security.ConsoleProperties;
import io.outrider.console.security.ConsoleSecurity;
import io.outrider.console.security.Role;
import io.outrider.core.alert.Alert;
import io.outrider.core.incident.Incident;
import io.outrider.core.incident.RootCause;
import io.outrider.dedup.store.IncidentStore;
import io.outrider.runbooks.catalog.RunbookCatalog;
import io.outrider.runbooks.run.AuditLog;
import io.outrider.runbooks.run.RunStore;
import io.outrider.topology.graph.TopologyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The console's pages and its security in an MVC slice: the stores are mocks, the security chain and the templates
 * are the real ones.
 */
@WebMvcTest
@Import(ConsoleWebTest.Wiring.class)
class ConsoleWebTest {

    static final String TOKEN = "slice-token";
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TestConfiguration
    @EnableWebSecurity
    @Import({
        io.outrider.console.inbox.InboxController.class,
        io.outrider.console.incident.IncidentPageController.class,
        io.outrider.console.pages.ConsolePages.class,
        io.outrider.console.pages.ConsoleErrors.class,
        io.outrider.console.pages.ConsoleModel.class
    })
    static class Wiring {
        @Bean
        ConsoleProperties consoleProperties() {
            return ConsoleProperties.of(
                    List.of(new ConsoleProperties.User("alice", "{noop}alice-password", Role.RESPONDER)),
                    List.of(new ConsoleProperties.ApiToken("ci", ApiTokens.sha256(TOKEN), Role.VIEWER)));
        }

        @Bean
        InMemoryUserDetailsManager users(ConsoleProperties properties) {
            return ConsoleSecurity.users(properties);
        }

        @Bean
        SecurityFilterChain chain(HttpSecurity http, ConsoleProperties properties) throws Exception {
            return ConsoleSecurity.chain(http, new ApiTokens(properties.apiTokens()));
        }

        @Bean
        IncidentFeed incidentFeed() {
            return new IncidentFeed();
        }

        @Bean
        AtomicReference<RunbookCatalog.Loaded> runbookCatalog() {
            return new AtomicReference<>(RunbookCatalog.load(null));
        }

        @Bean
        Clock clock() {
            return Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC);
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    IncidentStore incidents;

    @MockitoBean
    RunStore runs;

    @MockitoBean
    TopologyStore topology;

    @MockitoBean
    AuditLog runAudit;

    @MockitoBean
    ConsoleAudit audit;

    private final Incident critical = incident("INC-1", "critical", "beijing")
            .withRootCause(new RootCause(
                    T0.plusSeconds(60),
                    List.of(
                            new RootCause.Suspect(
                                    "order-db",
                                    4.2,
                                    List.of(new RootCause.Evidence(
                                            "order-db_lat_99", 6.5, T0.toEpochMilli(), 12, 340))),
                            new RootCause.Suspect("order-service", 1.1, List.of()))));
    private final Incident warning = incident("INC-2", "warning", "shanghai");

    static Incident incident(String id, String severity, String city) {
        return Incident.open(
                id,
                Alert.firing(
                        Map.of(
                                "alertname",
                                "OrderLatency",
                                "service",
                                "order-service",
                                "city",
                                city,
                                "severity",
                                severity),
                        Map.of(),
                        T0,
                        "test",
                        ""),
                "");
    }

    static RequestPostProcessor as(String name, Role role) {
        return user(name).authorities(role.authorities());
    }

    @BeforeEach
    void stores() throws Exception {
        when(incidents.summaries(anyString(), anyInt()))
                .thenReturn(List.of(
                        io.outrider.core.incident.IncidentSummary.of(warning),
                        io.outrider.core.incident.IncidentSummary.of(critical)));
        when(incidents.latest(anyString(), anyInt())).thenReturn(List.of(warning, critical));
        when(incidents.read("INC-1")).thenReturn(Optional.of(critical));
        when(incidents.read("nope")).thenReturn(Optional.empty());
        when(runs.recent(anyInt())).thenReturn(List.of());
    }

    @Test
    void aBrowserWithoutSessionIsSentToSignIn() throws Exception {
        mvc.perform(get("/").accept(MediaType.TEXT_HTML))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", org.hamcrest.Matchers.endsWith("/login")));
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Sign in")));
    }

    @Test
    void theApiWithoutCredentialsAnswers401SayingHowToSignIn() throws Exception {
        mvc.perform(get("/api/incidents"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Authorization: Bearer")));
        mvc.perform(get("/api/incidents").header("Authorization", "Bearer wrong"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("unknown API token")));
    }

    @Test
    void aFormSignInWithTheConfiguredPasswordStartsASession() throws Exception {
        mvc.perform(signIn().param("username", "alice")
                        .param("password", "alice-password")
                        .with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", "/"));
        mvc.perform(signIn().param("username", "alice")
                        .param("password", "guess")
                        .with(csrf()))
                .andExpect(header().string("Location", "/login?error"));
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder signIn() {
        return post("/login");
    }

    @Test
    void theInboxListsTheOpenIncidentsWorstFirstAndFilters() throws Exception {
        String page = mvc.perform(get("/").with(as("victor", Role.VIEWER)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(page.indexOf("INC-1"))
                .as("critical before warning")
                .isLessThan(page.indexOf("INC-2"))
                .isPositive();
        org.assertj.core.api.Assertions.assertThat(page).contains("order-db", "victor", "viewer");

        String rows = mvc.perform(
                        get("/inbox/rows").param("severity", "warning").with(as("victor", Role.VIEWER)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(rows).contains("INC-2").doesNotContain("INC-1");
    }

    @Test
    void theIncidentPageShowsTheRankingAndOffersActionsToResponders() throws Exception {
        String forResponder = mvc.perform(get("/incidents/INC-1").with(as("alice", Role.RESPONDER)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(forResponder)
                .contains("order-db", "order-db_lat_99", "OrderLatency", "id=\"ack\"", "Other runbooks");

        String forViewer = mvc.perform(get("/incidents/INC-1").with(as("victor", Role.VIEWER)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(forViewer)
                .contains("order-db")
                .doesNotContain("id=\"ack\"");
    }

    @Test
    void anUnknownIncidentIsAPageThatSaysWhereToLook() throws Exception {
        mvc.perform(get("/incidents/nope").with(as("victor", Role.VIEWER)))
                .andExpect(status().isNotFound())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("the inbox lists them")));
    }

    @Test
    void theGraphAroundAnIncidentMarksItsSuspectAndUnknownOnesAre404Json() throws Exception {
        when(topology.graph(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any()))
                .thenReturn(new io.outrider.topology.graph.ServiceGraph(Map.of(
                        new io.outrider.topology.graph.Edge("order-service", "order-db"),
                        new io.outrider.topology.rollup.LatencyStats())));
        String graph = mvc.perform(get("/api/incidents/INC-1/graph").with(as("victor", Role.VIEWER)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(graph)
                .contains("\"name\":\"order-db\"", "\"suspect\":true", "\"caller\":\"order-service\"");
        mvc.perform(get("/api/incidents/nope/graph").with(as("victor", Role.VIEWER)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("GET /api/incidents lists them")));
    }

    @Test
    void rolesDecideWhoActs() throws Exception {
        // a viewer may not act, even with a valid CSRF token
        mvc.perform(post("/api/incidents/INC-1/status")
                        .param("to", "resolved")
                        .with(as("victor", Role.VIEWER))
                        .with(csrf()))
                .andExpect(status().isForbidden())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("your role may not do this")));
        // a responder's session needs the page's CSRF token
        mvc.perform(post("/api/incidents/INC-1/status").param("to", "resolved").with(as("alice", Role.RESPONDER)))
                .andExpect(status().isForbidden());
        // with it, security lets the request through (no API controller in this slice: 404)
        mvc.perform(post("/api/incidents/INC-1/status")
                        .param("to", "resolved")
                        .with(as("alice", Role.RESPONDER))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        // rules are for admins
        mvc.perform(post("/api/alert-rules/x").with(as("alice", Role.RESPONDER)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/settings").with(as("alice", Role.RESPONDER))).andExpect(status().isForbidden());
        mvc.perform(get("/settings").with(as("root", Role.ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("alice")));
    }

    @Test
    void anApiTokenActsWithItsRoleAndNeedsNoCsrf() throws Exception {
        // the ci token is a viewer's: it reads, it may not act
        mvc.perform(get("/api/incidents").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isNotFound()); // through security; no API controller in this slice
        mvc.perform(post("/api/incidents/INC-1/status").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isForbidden());
    }
}
