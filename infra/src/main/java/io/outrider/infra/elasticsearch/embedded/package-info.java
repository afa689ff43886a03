@NullMarked
package io.outrider.infra.elasticsearch.embedded;

import org.jspecify.annotations.NullMarked;
