/**
 * Alert rules: their model ({@link io.outrider.alert.rule.Rule} with one typed condition), the YAML format they
 * are written in ({@link io.outrider.alert.rule.RuleFiles}, errors naming file, line and field) and the catalog
 * that reloads them when their files change ({@link io.outrider.alert.rule.RuleCatalog}).
 */
@NullMarked
package io.outrider.alert.rule;

import org.jspecify.annotations.NullMarked;
