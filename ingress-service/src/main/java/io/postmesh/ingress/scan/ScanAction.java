package io.postmesh.ingress.scan;

/** What a scanning policy does with a message ({@code reject}, {@code tag}, {@code pass}). */
public enum ScanAction {
    /** Scan; refuse spam the filter wants rejected ({@code 550 5.7.1}) and viruses ({@code 554 5.7.0}); tag the rest. */
    REJECT,
    /** Scan; never refuse, add X-Spam-* and X-Virus-* fields for the recipient's filters. */
    TAG,
    /** Do not scan. */
    PASS
}
