/** YAML read with positions: every mistake of a file reported with its line and field in one pass. */
@NullMarked
package io.outrider.infra.yaml;

import org.jspecify.annotations.NullMarked;
