/** The deployable: the Spring Boot application that wires Outrider's modules, and the {@code outrider} command line. */
@NullMarked
package io.outrider.server;

import org.jspecify.annotations.NullMarked;
