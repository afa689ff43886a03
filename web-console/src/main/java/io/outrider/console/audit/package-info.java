@NullMarked
package io.outrider.console.audit;

import org.jspecify.annotations.NullMarked;
