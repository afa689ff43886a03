package io.outrider.infra.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An index template a feature module needs: which indices it applies to and their mappings (and any settings of
 * their own). The shared shard and replica settings come from the {@code outrider-index-settings} component
 * template that {@link IndexTemplates} installs and every Outrider template is composed of.
 *
 * @param name template name, e.g. {@code outrider-spans}
 * @param indexPatterns e.g. {@code outrider-spans-*}; all must start with {@code outrider-}
 * @param priority higher wins when patterns overlap
 * @param templateJson the body of the template's {@code template} section: {@code {"mappings": {...}}}
 */
public record IndexTemplate(String name, List<String> indexPatterns, int priority, String templateJson) {

    private static final Pattern NAME = Pattern.compile("outrider-[a-z0-9][a-z0-9-]*");

    public IndexTemplate {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("template name must match " + NAME + ": " + name);
        }
        if (indexPatterns == null || indexPatterns.isEmpty())
            throw new IllegalArgumentException("indexPatterns is empty for template " + name);
        indexPatterns = List.copyOf(indexPatterns);
        for (String pattern : indexPatterns) {
            if (!pattern.startsWith("outrider-")) {
                throw new IllegalArgumentException(
                        "index pattern of template " + name + " must start with outrider-: " + pattern);
            }
        }
        if (priority < 0) throw new IllegalArgumentException("priority < 0: " + priority);
        if (templateJson == null || !templateJson.strip().startsWith("{")) {
            throw new IllegalArgumentException("templateJson of template " + name + " is not a JSON object");
        }
    }

    /** A template whose {@code template} section is read from a classpath resource of {@code owner}'s module. */
    public static IndexTemplate fromResource(
            String name, List<String> indexPatterns, int priority, Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null)
                throw new IllegalArgumentException("no resource " + resource + " next to " + owner.getName());
            return new IndexTemplate(
                    name, indexPatterns, priority, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
