@NullMarked
package io.outrider.alert.slo;

import org.jspecify.annotations.NullMarked;
