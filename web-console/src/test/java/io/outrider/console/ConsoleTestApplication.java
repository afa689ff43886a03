package io.outrider.console;

import org.springframework.boot.SpringBootConfiguration;

/** The configuration the console's slice tests start from (they scan the console's controllers and advice). */
@SpringBootConfiguration
public class ConsoleTestApplication {}
