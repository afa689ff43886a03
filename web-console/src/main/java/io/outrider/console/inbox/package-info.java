@NullMarked
package io.outrider.console.inbox;

import org.jspecify.annotations.NullMarked;
