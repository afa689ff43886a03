package io.outrider.infra.yaml;

/**
 * What is wrong with a YAML file (alert rules, runbooks), and where:
 * {@code rules/logistics.yml:12: rules[3].query.metric: required}.
 *
 * @param line 1-based; 0 when the file could not be read at all
 * @param field the path of the field in the file, e.g. {@code rules[3].for}; empty for the file itself
 */
public record YamlError(String file, int line, String field, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
