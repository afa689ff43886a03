@NullMarked
package io.outrider.infra.kafka.embedded;

import org.jspecify.annotations.NullMarked;
