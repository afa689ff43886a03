@NullMarked
package io.outrider.topology.spring;

import org.jspecify.annotations.NullMarked;
