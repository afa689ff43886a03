@NullMarked
package io.outrider.collector.otlp;

import org.jspecify.annotations.NullMarked;
