package dev.tokenomics.client.cli;

import dev.tokenomics.client.config.ConfigException;
import dev.tokenomics.client.config.ConnectionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the id the chaincode sees for an identity, the value a wallet's owner must hold for its
 * owner to transfer from it. Nothing is sent anywhere: the id is a function of the certificate.
 */
@Command(name = "client-id", mixinStandardHelpOptions = true,
        description = {"Print the Fabric client id of an identity, x509::<subject DN>::<issuer DN>, as the chaincode's "
                + "ClientIdentity.getId() returns it: the owner to give CreateWallet or genesis for that identity.",
                "The certificate is --cert-file, else the identity's certificate in the connection file."},
        footer = {"Examples:",
                "  client-id --connection network/fabric/run/connection.env --identity USER1",
                "  client-id --cert-file network/fabric/organizations/peerOrganizations/org1.example.com/users/"
                        + "User1@org1.example.com/msp/signcerts/User1@org1.example.com-cert.pem"})
final class ClientIdCommand implements Callable<Integer>, ExitCodes.Offline {
    @Option(names = "--cert-file", paramLabel = "FILE", description = "X.509 certificate (PEM or DER) of the identity")
    Path certFile;

    @Option(names = "--connection", defaultValue = "${env:TOKENOMICS_CONNECTION}",
            description = "connection.env file (default: $TOKENOMICS_CONNECTION); its <IDENTITY>_CERT is read")
    Path connectionFile;

    @Option(names = "--identity", defaultValue = "${env:TOKENOMICS_IDENTITY:-ADMIN}",
            description = "Identity from the connection file: ADMIN, OPERATOR or USER1 (default: ${DEFAULT-VALUE})")
    String identity;

    @Override
    public Integer call() {
        System.out.println(FabricClientId.of(certificate(certificatePath())));
        return 0;
    }

    private Path certificatePath() {
        if (certFile != null) {
            return certFile;
        }
        if (connectionFile == null) {
            throw new ConfigException("no certificate: give --cert-file FILE, or --connection FILE (or TOKENOMICS_CONNECTION) with --identity");
        }
        return ConnectionSettings.fromFile(connectionFile).withEnvironment(System.getenv()).resolve(identity).certPath();
    }

    static X509Certificate certificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read certificate " + file + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new ConfigException(file + " is not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
