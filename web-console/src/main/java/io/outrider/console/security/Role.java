package io.outrider.console.security;

import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a user may do. Each role includes those before it: a viewer reads everything; a responder also acts on
 * incidents, runbook runs and silences; an admin also changes alert rules, reloads runbooks and manages settings.
 */
public enum Role {
    VIEWER,
    RESPONDER,
    ADMIN;

    /** The authorities of this role and of every role it includes ({@code ROLE_VIEWER}, ...). */
    public List<GrantedAuthority> authorities() {
        return java.util.Arrays.stream(values())
                .filter(r -> r.ordinal() <= ordinal())
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
                .toList();
    }

    /** The highest role these authorities grant, or null when none. */
    public static @org.jspecify.annotations.Nullable Role of(
            java.util.Collection<? extends GrantedAuthority> authorities) {
        Role best = null;
        for (Role role : values())
            for (GrantedAuthority a : authorities) if (("ROLE_" + role.name()).equals(a.getAuthority())) best = role;
        return best;
    }

    /** A role by its name in any case; says which roles there are when it is none of them. */
    public static Role parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no role " + name + "; the roles are viewer, responder and admin");
        }
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
