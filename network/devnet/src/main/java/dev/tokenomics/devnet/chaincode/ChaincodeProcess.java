package dev.tokenomics.devnet.chaincode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer-launched chaincode: its own JVM, told where the peer is by {@code CORE_PEER_ADDRESS} and
 * who it is by {@code CORE_CHAINCODE_ID_NAME}, restarted when it exits (it registers again), and
 * stopped with the devnet. Output goes to a log file next to the devnet's other files.
 */
public final class ChaincodeProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChaincodeProcess.class);
    private static final long RESTART_DELAY_MILLIS = 500;

    private final String chaincodeId;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaincode-restart");
        t.setDaemon(true);
        return t;
    });
    private volatile Process process;
    private volatile boolean closed;

    /**
     * @param command the full command line, e.g. {@code java -jar cc.jar} ({@link #javaCommand} builds one)
     */
    public ChaincodeProcess(String chaincodeId, List<String> command, String peerAddress, Path logFile) {
        this.chaincodeId = chaincodeId;
        this.command = List.copyOf(command);
        Map<String, String> env = new HashMap<>(Map.of(
                "CORE_CHAINCODE_ID_NAME", chaincodeId,
                "CORE_PEER_ADDRESS", peerAddress,
                "CORE_PEER_TLS_ENABLED", "false"));
        // At INFO the shim logs three lines per invocation, a measurable share of the chaincode's
        // CPU under load; WARNING unless the user asks for more in the devnet's own environment.
        for (String level : List.of("CORE_CHAINCODE_LOGGING_SHIM", "CORE_CHAINCODE_LOGGING_LEVEL")) {
            env.put(level, System.getenv().getOrDefault(level, "WARNING"));
        }
        this.environment = Map.copyOf(env);
        this.logFile = logFile;
    }

    /** {@code <this JVM's java> [jvmOptions] -jar <jar>} */
    public static List<String> javaCommand(Path jar, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return command;
    }

    public synchronized void start() throws IOException {
        if (closed) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        process = started;
        log.info("started chaincode {} as pid {} (log {})", chaincodeId, started.pid(), logFile);
        started.onExit().thenAccept(this::exited);
    }

    private void exited(Process exitedProcess) {
        if (closed) {
            return;
        }
        log.warn("chaincode {} (pid {}) exited with {}; restarting", chaincodeId, exitedProcess.pid(), exitedProcess.exitValue());
        restarts.schedule(() -> {
            try {
                start();
            } catch (IOException e) {
                log.error("could not restart chaincode {}", chaincodeId, e);
            }
        }, RESTART_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    @Override
    public void close() {
        Process p;
        synchronized (this) {
            closed = true;
            p = process;
        }
        restarts.shutdownNow();
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        log.info("stopped chaincode {} (pid {})", chaincodeId, p.pid());
    }
}
