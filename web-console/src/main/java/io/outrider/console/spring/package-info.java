@NullMarked
package io.outrider.console.spring;

import org.jspecify.annotations.NullMarked;
