package dev.tokenomics.devnet;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a chaincode runs: a jar or command the devnet launches (it dials in), or a chaincode
 * server the devnet dials (CCaaS).
 */
record ChaincodeSource(String name, String version, List<String> command, String serverAddress) {

    static ChaincodeSource jar(String name, Path jar, List<String> jvmOptions) {
        return new ChaincodeSource(name, DEFAULT_VERSION,
                dev.tokenomics.devnet.chaincode.ChaincodeProcess.javaCommand(jar, jvmOptions), null);
    }

    static ChaincodeSource command(String name, List<String> command) {
        return new ChaincodeSource(name, DEFAULT_VERSION, List.copyOf(command), null);
    }

    static ChaincodeSource server(String name, String address) {
        return new ChaincodeSource(name, DEFAULT_VERSION, null, address);
    }

    static final String DEFAULT_VERSION = "1.0";

    boolean launched() {
        return command != null;
    }

    String packageId() {
        return name + ":" + version;
    }
}
