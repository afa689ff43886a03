@NullMarked
package io.outrider.logistics.fault;

import org.jspecify.annotations.NullMarked;
