@NullMarked
package io.outrider.infra.elasticsearch;

import org.jspecify.annotations.NullMarked;
