package io.postmesh.loadgen.smtp;

import java.util.Locale;

/** Names a failed connect the way reports group it: {@code connect: refused}, {@code connect: timed out}. */
public final class ConnectFailure {
    private ConnectFailure() {
    }

    public static String describe(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("refused")) {
            return "connect: refused";
        }
        if (message.contains("timed out")) {
            return "connect: timed out";
        }
        if (message.contains("too many open files")) {
            return "connect: too many open files";
        }
        return "connect: " + cause.getClass().getSimpleName();
    }
}
