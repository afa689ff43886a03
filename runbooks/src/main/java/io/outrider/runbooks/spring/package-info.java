/** Runbooks in a Spring application: properties, the executor's tick, the incident trigger and the HTTP API. */
@NullMarked
package io.outrider.runbooks.spring;

import org.jspecify.annotations.NullMarked;
