package dev.tokenomics.client.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * CPU time spent by this JVM and by the PostgreSQL backends of one application name. On a shared,
 * loaded machine wall-clock throughput swings with the neighbours; CPU per transfer does not, so
 * both are printed. Backend CPU comes from /proc/&lt;pid&gt;/stat through pg_read_file: it needs a
 * superuser on the same host, and is reported as unknown otherwise.
 */
final class CpuMeter {
    // utime + stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ = 100 on Linux).
    private static final String BACKEND_TICKS = """
            SELECT sum(split_part(stat, ' ', 14)::bigint + split_part(stat, ' ', 15)::bigint)
            FROM (SELECT pg_read_file('/proc/' || pid || '/stat') AS stat FROM pg_stat_activity WHERE application_name = ?) s""";
    private static final long NANOS_PER_TICK = 10_000_000;

    private final DataSource dataSource;
    private final String applicationName;

    CpuMeter(DataSource dataSource, String applicationName) {
        this.dataSource = dataSource;
        this.applicationName = applicationName;
    }

    /**
     * A reading: JVM CPU, of which the threads whose names start with the measured prefixes (the
     * rest is mostly JIT compilation and GC), and backend CPU (-1 if not readable); nanoseconds.
     */
    record Reading(long clientNanos, long threadNanos, long serverNanos) {
        Reading minus(Reading earlier) {
            return new Reading(clientNanos - earlier.clientNanos, threadNanos - earlier.threadNanos,
                    serverNanos < 0 || earlier.serverNanos < 0 ? -1 : serverNanos - earlier.serverNanos);
        }
    }

    /** Reads now; threads that ended since the previous reading are no longer counted, so read while they run. */
    Reading read(String... threadNamePrefixes) {
        return new Reading(clientCpuNanos(), threadCpuNanos(threadNamePrefixes), serverCpuNanos());
    }

    private static long threadCpuNanos(String... prefixes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && Arrays.stream(prefixes).anyMatch(info.getThreadName()::startsWith)) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long clientCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean bean ? bean.getProcessCpuTime() : -1;
    }

    private long serverCpuNanos() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(BACKEND_TICKS)) {
            select.setString(1, applicationName);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1) * NANOS_PER_TICK;
            }
        } catch (SQLException e) {
            return -1; // not a superuser, or not on this host
        }
    }
}
