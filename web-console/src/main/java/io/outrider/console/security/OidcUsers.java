package io.outrider.console.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * People signing in with an OpenID Connect provider: their name from {@code outrider.console.oidc.name-claim}, their
 * role from the groups in {@code role-claim} mapped by {@code roles} (else {@code default-role}); one in no mapped
 * group is refused when the default role is {@code none}.
 */
public final class OidcUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final ConsoleProperties.Oidc settings;

    public OidcUsers(ConsoleProperties.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Role role = settings.role(groups(user.getClaims().get(settings.roleClaim())));
        if (role == null)
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    "access_denied",
                    user.getSubject() + " is in no group that outrider.console.oidc.roles maps to a role",
                    null));
        String nameClaim = user.getClaims().get(settings.nameClaim()) != null ? settings.nameClaim() : "sub";
        List<GrantedAuthority> authorities = role.authorities();
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameClaim);
    }

    static Collection<String> groups(@org.jspecify.annotations.Nullable Object claim) {
        if (claim instanceof Collection<?> list)
            return list.stream().map(String::valueOf).toList();
        if (claim instanceof String one) return List.of(one.split("[,\\s]+"));
        return List.of();
    }
}
