package dev.tokenomics.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIdCommandTest {
    /** User1 of org1 as cryptogen issues it for network/fabric (subject C, ST, L, OU, CN; issuer C, ST, L, O, CN). */
    private static final String USER1 = "client-id/User1@org1.example.com-cert.pem";
    /** openssl-made: a multi-valued RDN (OU+UID, in DER set order), a comma, quotes, non-ASCII and an emailAddress to escape or name. */
    private static final String ESCAPED = "client-id/multi-valued-escaped.pem";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path resource(String name) {
        try {
            return Path.of(ClientIdCommandTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the Java chaincode shim itself computes for a proposal signed with {@code certificate}. */
    private static String shimClientId(Path certificate) throws Exception {
        byte[] creator = SerializedIdentity.newBuilder().setMspid("Org1MSP")
                .setIdBytes(ByteString.copyFrom(Files.readAllBytes(certificate))).build().toByteArray();
        ChaincodeStub stub = (ChaincodeStub) Proxy.newProxyInstance(ChaincodeStub.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCreator")) {
                        return creator;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ClientIdentity(stub).getId();
    }

    @Nested
    class Format {
        @Test
        void cryptogensUser1ReadsSubjectThenIssuerEachFromTheLastRdnToTheFirst() {
            CliRun run = run("client-id", "--cert-file", resource(USER1).toString());
            assertThat(run.exit()).isZero();
            assertThat(run.out()).isEqualTo("x509::CN=User1@org1.example.com, OU=client, L=San Francisco, ST=California, C=US"
                    + "::CN=ca.org1.example.com, O=org1.example.com, L=San Francisco, ST=California, C=US" + System.lineSeparator());
        }

        @ParameterizedTest
        @ValueSource(strings = {USER1, ESCAPED})
        void isWhatTheJavaChaincodeShimsClientIdentityReturns(String certificate) throws Exception {
            Path file = resource(certificate);
            assertThat(run("client-id", "--cert-file", file.toString()).out().strip()).isEqualTo(shimClientId(file));
        }

        @Test
        void escapesAndMultiValuedRdnsAsTheJdkNamesThem() {
            assertThat(run("client-id", "--cert-file", resource(ESCAPED).toString()).out())
                    .startsWith("x509::EMAILADDRESS=zoe@example.com, CN=\"Zoë \\\"Z\\\" O'Brien\", OU=client + UID=u-42, O=\"Acme, Inc.\"");
        }
    }

    @Nested
    class ConnectionFile {
        @Test
        void readsTheNamedIdentitysCertificate(@TempDir Path dir) throws Exception {
            Path key = Files.writeString(dir.resolve("key.pem"), "not read");
            Path connection = Files.writeString(dir.resolve("connection.env"), String.join("\n",
                    "PEER_ENDPOINT=localhost:7051", "MSP_ID=Org1MSP",
                    "ADMIN_CERT=" + resource(ESCAPED), "ADMIN_KEY=" + key,
                    "USER1_CERT=" + resource(USER1), "USER1_KEY=" + key, ""));
            CliRun user1 = run("client-id", "--connection", connection.toString(), "--identity", "USER1");
            assertThat(user1.exit()).isZero();
            assertThat(user1.out()).startsWith("x509::CN=User1@org1.example.com, ");
            assertThat(run("client-id", "--connection", connection.toString(), "--identity", "ADMIN").out())
                    .startsWith("x509::EMAILADDRESS=zoe@example.com, ");
        }

        @Test
        void anIdentityTheFileLacksIsBadInput(@TempDir Path dir) throws Exception {
            Path connection = Files.writeString(dir.resolve("connection.env"), "PEER_ENDPOINT=localhost:7051\nMSP_ID=Org1MSP\n");
            CliRun run = run("client-id", "--connection", connection.toString(), "--identity", "OPERATOR");
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("OPERATOR_CERT");
        }
    }

    @Nested
    class Errors {
        @Test
        void aFileThatIsNotACertificateIsBadInputNamingIt(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
            CliRun run = run("client-id", "--cert-file", file.toString());
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains(file.toString()).contains("not an X.509 certificate");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void aMissingFileIsBadInput(@TempDir Path dir) {
            CliRun run = run("client-id", "--cert-file", dir.resolve("absent.pem").toString());
            assertThat(run.exit()).isEqualTo(TokenomicsCli.BAD_INPUT);
            assertThat(run.err()).contains("absent.pem");
        }

        @Test
        void helpListsNoUnreachableCodeForItReadsOnlyLocalFiles() {
            CliRun help = run("client-id", "--help");
            assertThat(help.exit()).isZero();
            String codes = help.out().substring(help.out().indexOf("Exit codes:"));
            assertThat(codes).contains("0 ", "2 ").doesNotContain("unreachable");
        }
    }
}
