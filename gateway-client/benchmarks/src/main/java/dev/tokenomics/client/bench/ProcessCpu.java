package dev.tokenomics.client.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CPU time consumed by a set of processes (a process and, optionally, its descendants), read from the OS. */
final class ProcessCpu {
    private final String name;
    private final List<ProcessHandle> processes;

    private ProcessCpu(String name, List<ProcessHandle> processes) {
        this.name = name;
        this.processes = processes;
    }

    static ProcessCpu of(String name, ProcessHandle process) {
        return new ProcessCpu(name, List.of(process));
    }

    static ProcessCpu descendantsOf(String name, ProcessHandle parent) {
        return new ProcessCpu(name, new ArrayList<>(parent.descendants().toList()));
    }

    /** This JVM as "client"; with a devnet's pid, also the devnet and its chaincode (the devnet's children). */
    static List<ProcessCpu> clientAndDevnet(Long devnetPid) {
        List<ProcessCpu> processes = new ArrayList<>();
        processes.add(of("client", ProcessHandle.current()));
        if (devnetPid != null) {
            ProcessHandle devnet = ProcessHandle.of(devnetPid).orElseThrow(() -> new IllegalArgumentException("no process " + devnetPid));
            processes.add(of("devnet", devnet));
            processes.add(descendantsOf("chaincode", devnet));
        }
        return processes;
    }

    /** The CPU each of {@code processes} has used so far, by name, in their order. */
    static Map<String, Duration> totals(List<ProcessCpu> processes) {
        Map<String, Duration> totals = new LinkedHashMap<>();
        processes.forEach(p -> totals.put(p.name(), p.total()));
        return totals;
    }

    /** {@link #totals} now minus {@code before}. */
    static Map<String, Duration> usedSince(List<ProcessCpu> processes, Map<String, Duration> before) {
        Map<String, Duration> used = new LinkedHashMap<>();
        totals(processes).forEach((name, after) -> used.put(name, after.minus(before.get(name))));
        return used;
    }

    String name() {
        return name;
    }

    Duration total() {
        return processes.stream()
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }
}
