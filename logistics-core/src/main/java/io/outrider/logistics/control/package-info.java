@NullMarked
package io.outrider.logistics.control;

import org.jspecify.annotations.NullMarked;
