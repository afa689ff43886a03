@NullMarked
package io.outrider.collector.ingest;

import org.jspecify.annotations.NullMarked;
