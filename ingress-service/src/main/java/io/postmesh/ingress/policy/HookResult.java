package io.postmesh.ingress.policy;

/** The answer of a policy hook, after James's {@code HookResult}: accept, or refuse permanently. */
public enum HookResult {
    OK,
    DENY
}
