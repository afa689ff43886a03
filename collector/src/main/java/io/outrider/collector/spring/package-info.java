@NullMarked
package io.outrider.collector.spring;

import org.jspecify.annotations.NullMarked;
