@NullMarked
package io.outrider.alert.anomaly;

import org.jspecify.annotations.NullMarked;
