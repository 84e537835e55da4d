package dev.tokenomics.client.projector;

/**
 * How the server notices that the lease holder is gone, as read on the lock's own session: TCP
 * keepalive (idle seconds, probe interval, probes) and the timeout for unacknowledged data catch a
 * dead or unreachable client; {@code idle_session_timeout} catches a live but silent one (a paused
 * or hung process, whose kernel still answers keepalive). Zeros mean the operating system's
 * defaults (two hours for keepalive), which is also what a Unix-socket session reports, or, for the
 * idle timeout, none (PostgreSQL before 14).
 */
record LockSessionTimeouts(int keepalivesIdleSeconds, int keepalivesIntervalSeconds, int keepalivesCount, int userTimeoutMillis,
                                  int idleSessionTimeoutMillis) {
    /** True when every keepalive setting is explicit, so a vanished client is dropped within {@link #secondsToDropSilentClient()}. */
    public boolean dropsSilentClientQuickly() {
        return keepalivesIdleSeconds > 0 && keepalivesIntervalSeconds > 0 && keepalivesCount > 0 && userTimeoutMillis > 0;
    }

    /** Worst case for an idle session whose client vanished: idle time, then every probe unanswered. */
    public int secondsToDropSilentClient() {
        return keepalivesIdleSeconds + keepalivesIntervalSeconds * keepalivesCount;
    }

    /** True when the server ends the lock session of a holder that stops sending (paused, hung). */
    public boolean dropsPausedHolder() {
        return idleSessionTimeoutMillis > 0;
    }
}
