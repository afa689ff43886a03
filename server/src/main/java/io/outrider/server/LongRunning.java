package io.outrider.server;

/** A command that leaves work running when it returns (a server): the JVM stays up until SIGTERM. */
interface LongRunning {}
