@NullMarked
package io.outrider.core.alert;

import org.jspecify.annotations.NullMarked;
