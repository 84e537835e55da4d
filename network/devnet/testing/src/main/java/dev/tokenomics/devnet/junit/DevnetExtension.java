package dev.tokenomics.devnet.junit;

import dev.tokenomics.devnet.Devnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One devnet per test class, with the chaincode deployed:
 * <pre>
 * {@literal @}RegisterExtension
 * static final DevnetExtension devnet = DevnetExtension.tokenomics();   // jar from -Dtokenomics.chaincode.jar
 *
 * Contract contract = devnet.contract("ADMIN");   // official client, closed after the class
 * </pre>
 * Started before all tests of the class (plaintext, in memory, ephemeral port), stopped after
 * them with its chaincode processes. Test methods may also take a {@link Devnet} parameter.
 */
public final class DevnetExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** System property holding the path of the built TokenomicsContract jar. */
    public static final String CHAINCODE_JAR_PROPERTY = "tokenomics.chaincode.jar";

    private final Supplier<Devnet.Builder> configuration;
    private final String chaincodeName;
    private final List<DevnetGateway> gateways = new ArrayList<>();
    private Devnet devnet;
    /** Nested test classes inherit the extension: only the outermost class starts and stops the devnet. */
    private int depth;

    private DevnetExtension(Supplier<Devnet.Builder> configuration, String chaincodeName) {
        this.configuration = configuration;
        this.chaincodeName = chaincodeName;
    }

    /** TokenomicsContract as {@code tokenomics}, from the jar named by {@value #CHAINCODE_JAR_PROPERTY}. */
    public static DevnetExtension tokenomics() {
        return new DevnetExtension(() -> Devnet.builder()
                .chaincode("tokenomics", tokenomicsJar())
                .tls(false), "tokenomics");
    }

    /** Any configuration; {@code chaincodeName} is what {@link #contract} opens. */
    public static DevnetExtension of(String chaincodeName, Supplier<Devnet.Builder> configuration) {
        return new DevnetExtension(configuration, chaincodeName);
    }

    public static Path tokenomicsJar() {
        String jar = System.getProperty(CHAINCODE_JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property " + CHAINCODE_JAR_PROPERTY
                    + " must name the built chaincode jar (chaincode/<target.dir>/tokenomics-chaincode.jar), was " + jar);
        }
        return Path.of(jar);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ == 0) {
            devnet = configuration.get().start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth > 0) {
            return;
        }
        gateways.forEach(DevnetGateway::close);
        gateways.clear();
        if (devnet != null) {
            devnet.close();
            devnet = null;
        }
    }

    public Devnet devnet() {
        if (devnet == null) {
            throw new IllegalStateException("the devnet runs only while the test class runs");
        }
        return devnet;
    }

    /** A gateway connection as {@code role}, closed after the class. */
    public DevnetGateway gateway(String role) {
        DevnetGateway gateway = DevnetGateway.connect(devnet(), role);
        gateways.add(gateway);
        return gateway;
    }

    /** The deployed chaincode's contract, seen by {@code role} (ADMIN, OPERATOR, USER1). */
    public org.hyperledger.fabric.client.Contract contract(String role) {
        return gateway(role).contract(chaincodeName);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Devnet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return devnet();
    }
}
