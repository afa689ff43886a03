@NullMarked
package io.outrider.logistics.supervisor;

import org.jspecify.annotations.NullMarked;
