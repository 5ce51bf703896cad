package io.postmesh.ingress.api;

import java.util.Map;

/** Refuses a request (or one batch item) with a {@link Problem}; thrown by validation and mapped to a response. */
public final class ProblemException extends RuntimeException {
    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** 400 for one field. */
    public static ProblemException badRequest(String field, String reason, String detail) {
        return new ProblemException(Problem.of(400, field, reason, detail));
    }

    public Problem problem() {
        return problem;
    }

    /** Extra response headers, e.g. {@code Retry-After} or {@code WWW-Authenticate}. */
    public Map<String, String> headers() {
        return headers;
    }
}
