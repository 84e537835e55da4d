package dev.tokenomics.client.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    String name() {
        return name;
    }

    Duration total() {
        return processes.stream()
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }
}
