@NullMarked
package io.outrider.collector.kafka;

import org.jspecify.annotations.NullMarked;
