package dev.tokenomics.service;

/**
 * A request the service answers with an RFC 9457 problem: {@code code} is the machine-readable
 * reason (the outbox's or chaincode's code where one applies), {@code field} the offending part of
 * the request when there is one. Thrown by handlers and written once by {@link Problems}.
 */
final class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final String field;
    private final Long retryAfterSeconds;

    ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, null, null);
    }

    ProblemException(int status, String code, String title, String detail, String field, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ProblemException badRequest(String code, String field, String detail) {
        return new ProblemException(400, code, "The request is invalid", detail, field, null);
    }

    static ProblemException notFound(String detail) {
        return new ProblemException(404, "NOT_FOUND", "No such resource for this tenant", detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String title() {
        return title;
    }

    String field() {
        return field;
    }

    Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
