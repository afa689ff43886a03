@NullMarked
package io.outrider.logistics.city;

import org.jspecify.annotations.NullMarked;
