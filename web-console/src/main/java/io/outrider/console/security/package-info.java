@NullMarked
package io.outrider.console.security;

import org.jspecify.annotations.NullMarked;
