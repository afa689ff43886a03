@NullMarked
package io.outrider.console.incident;

import org.jspecify.annotations.NullMarked;
