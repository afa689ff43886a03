@NullMarked
package io.outrider.infra.kafka;

import org.jspecify.annotations.NullMarked;
