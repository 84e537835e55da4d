package dev.tokenomics.client.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** A reading: JVM CPU nanoseconds and backend CPU nanoseconds (-1 if not readable). */
    record Reading(long clientNanos, long serverNanos) {
        Reading minus(Reading earlier) {
            return new Reading(clientNanos - earlier.clientNanos,
                    serverNanos < 0 || earlier.serverNanos < 0 ? -1 : serverNanos - earlier.serverNanos);
        }
    }

    Reading read() {
        return new Reading(clientCpuNanos(), serverCpuNanos());
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
