@NullMarked
package io.outrider.alert.lifecycle;

import org.jspecify.annotations.NullMarked;
