package dev.tokenomics.devnet.testcc;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Command lines that run {@link BasicContract} as its own JVM from the test classpath, the way a
 * packaged chaincode runs: the shim's ContractRouter finds the contract by scanning the classpath.
 * The real chaincode module's classes are left out so that only this contract is found.
 */
public final class TestChaincode {
    private static final String ROUTER = "org.hyperledger.fabric.contract.ContractRouter";

    private TestChaincode() {
    }

    /** Registers to the devnet (peer-launched mode: CORE_PEER_ADDRESS is set by the devnet). */
    public static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classpath());
        command.add(ROUTER);
        return command;
    }

    static String classpath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(entry -> !isRealChaincode(entry) && !isUnneeded(entry))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** Jars the contract never uses; the shim's classpath scan takes longer with every jar it has to open. */
    private static boolean isUnneeded(String entry) {
        return UNNEEDED.stream().anyMatch(entry::contains);
    }

    private static final List<String> UNNEEDED = List.of("/junit/", "/assertj/", "awaitility", "hamcrest",
            "/fabric-gateway/", "/picocli/");

    private static boolean isRealChaincode(String entry) {
        String normalized = entry.replace('\\', '/');
        return normalized.contains("tokenomics-chaincode") || normalized.matches(".*/chaincode/target[^/]*/classes/?");
    }
}
