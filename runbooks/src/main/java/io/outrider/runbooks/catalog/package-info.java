/**
 * The runbook catalog: YAML runbooks (shipped and from a directory), validated when read with errors naming file,
 * line and field.
 */
@NullMarked
package io.outrider.runbooks.catalog;

import org.jspecify.annotations.NullMarked;
