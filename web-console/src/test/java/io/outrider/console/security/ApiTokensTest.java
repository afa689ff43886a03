package io.outrider.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void hashesAsSha256sumDoes() {
        // printf %s abc | sha256sum
        assertThat(ApiTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void findsATokenByItsHashInAnyCase() {
        ApiTokens tokens = new ApiTokens(List.of(
                new ConsoleProperties.ApiToken("ci", ApiTokens.sha256("s3cret").toUpperCase(), Role.RESPONDER),
                new ConsoleProperties.ApiToken("am", ApiTokens.sha256("other"), null)));

        assertThat(tokens.find("s3cret"))
                .extracting(ConsoleProperties.ApiToken::name)
                .isEqualTo("ci");
        assertThat(tokens.find("other"))
                .extracting(ConsoleProperties.ApiToken::name)
                .isEqualTo("am");
        assertThat(tokens.find("s3cret ")).isNull();
        assertThat(tokens.find("")).isNull();
    }

    @Test
    void refusesAConfiguredHashThatIsNotOne() {
        assertThatThrownBy(() -> new ApiTokens(List.of(new ConsoleProperties.ApiToken("ci", "s3cret", null))))
                .hasMessageContaining("not 64 hexadecimal digits")
                .hasMessageContaining("sha256sum");
    }

    @Test
    void aRoleIncludesTheOnesBelowIt() {
        assertThat(Role.ADMIN.authorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_VIEWER", "ROLE_RESPONDER", "ROLE_ADMIN");
        assertThat(Role.VIEWER.authorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
    }

    @Test
    void aPlainTextPasswordIsRefusedWithHowToHashIt() {
        ConsoleProperties properties = ConsoleProperties.of(
                List.of(new ConsoleProperties.User("alice", "hunter2", Role.RESPONDER)), List.of());

        assertThatThrownBy(() -> ConsoleSecurity.users(properties))
                .hasMessageContaining("must be a hash")
                .hasMessageContaining("alice");
    }
}
