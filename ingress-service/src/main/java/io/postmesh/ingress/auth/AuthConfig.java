package io.postmesh.ingress.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** SMTP AUTH and its credential store ({@code postmesh.ingress.auth.*}). */
@ConfigMapping(prefix = "postmesh.ingress.auth")
public interface AuthConfig {

    /** bcrypt cost factor of newly stored passwords (2^cost rounds); 10 is BcryptUtil's default. */
    @WithDefault("10")
    int bcryptCost();

    /** Failed AUTH attempts from one client IP within {@link #failureWindow()} before it is locked out. */
    @WithDefault("5")
    int maxFailures();

    /** How long failures are remembered; a locked-out client may try again once its oldest failure is older. */
    @WithDefault("10m")
    Duration failureWindow();

    /** Delay before a 535 is sent, to slow down password guessing on one connection. */
    @WithDefault("1s")
    Duration failureDelay();
}
