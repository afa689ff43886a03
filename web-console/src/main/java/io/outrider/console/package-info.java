/** The web console: pages for on-call engineers, sign-in and roles, the audit of every action. */
@NullMarked
package io.outrider.console;

import org.jspecify.annotations.NullMarked;
