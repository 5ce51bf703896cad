package io.postmesh.model;

import java.security.SecureRandom;

/**
 * Queue ids: 20 characters of Crockford base32, the first 10 from the millisecond clock (so ids sort by
 * arrival, like Postfix's long queue ids), the last 10 random (50 bits), unique across ingress replicas.
 */
public final class QueueIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private QueueIds() {}

    public static String next() {
        return format(System.currentTimeMillis(), RANDOM.nextLong());
    }

    static String format(long millis, long random) {
        char[] out = new char[20];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 19; i >= 10; i--) {
            out[i] = ALPHABET[(int) (random & 31)];
            random >>>= 5;
        }
        return new String(out);
    }
}
