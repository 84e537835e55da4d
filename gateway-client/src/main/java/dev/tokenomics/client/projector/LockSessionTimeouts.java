package dev.tokenomics.client.projector;

/**
 * How the server notices that the lease holder's client is gone, as read on the lock's own
 * session: TCP keepalive (idle seconds, probe interval, probes) and the timeout for unacknowledged
 * data. Zeros mean the operating system's defaults (two hours for keepalive), which is also what a
 * Unix-socket session reports: then a holder cut off by the network keeps the lock for hours.
 */
public record LockSessionTimeouts(int keepalivesIdleSeconds, int keepalivesIntervalSeconds, int keepalivesCount, int userTimeoutMillis) {
    /** True when every setting is explicit, so a silent client is dropped within {@link #secondsToDropSilentClient()}. */
    public boolean dropsSilentClientQuickly() {
        return keepalivesIdleSeconds > 0 && keepalivesIntervalSeconds > 0 && keepalivesCount > 0 && userTimeoutMillis > 0;
    }

    /** Worst case for an idle session: idle time, then every probe unanswered. */
    public int secondsToDropSilentClient() {
        return keepalivesIdleSeconds + keepalivesIntervalSeconds * keepalivesCount;
    }
}
