@NullMarked
package io.outrider.logistics;

import org.jspecify.annotations.NullMarked;
