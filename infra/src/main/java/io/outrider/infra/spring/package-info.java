@NullMarked
package io.outrider.infra.spring;

import org.jspecify.annotations.NullMarked;
