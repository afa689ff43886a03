@NullMarked
package io.outrider.alert.nab;

import org.jspecify.annotations.NullMarked;
