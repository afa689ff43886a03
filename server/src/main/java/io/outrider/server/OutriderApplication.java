package io.outrider.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Outrider platform as one Spring Boot application; the modules contribute their auto-configurations. */
@SpringBootApplication
public class OutriderApplication {}
