package io.postmesh.delivery.shaping;

/** The answer to {@link Shaper#acquireConnection}: a {@link ConnectionPermit}, or {@link HeldBack}. */
public sealed interface ConnectionDecision permits ConnectionPermit, HeldBack {
}
