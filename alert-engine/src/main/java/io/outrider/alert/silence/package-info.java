@NullMarked
package io.outrider.alert.silence;

import org.jspecify.annotations.NullMarked;
