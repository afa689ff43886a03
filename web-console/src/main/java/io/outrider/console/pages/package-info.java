@NullMarked
package io.outrider.console.pages;

import org.jspecify.annotations.NullMarked;
