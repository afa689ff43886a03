@NullMarked
package io.outrider.collector.prometheus;

import org.jspecify.annotations.NullMarked;
