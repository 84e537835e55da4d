package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenomics.devnet.junit.DevnetExtension;
import io.grpc.Status;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J24: a chaincode process dying mid-transaction fails that transaction at once; the devnet restarts it. */
class ChaincodeCrashTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();

    @Test
    void pendingTransactionFailsWithStreamTerminatedAndTheRestartedChaincodeServesAgain() throws Exception {
        Contract contract = devnet.contract("USER1");
        long pidBefore = devnet.devnet().chaincodeProcessIds().get(0);

        GatewayException e = catchThrowableOfType(GatewayException.class, () -> contract.evaluateTransaction("crash"));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(e.getStatus().getDescription()).isEqualTo("failed to evaluate transaction, see attached details for more info");
        assertThat(e.getDetails()).extracting(ErrorDetail::getMessage).singleElement()
                .asString().startsWith("error in simulation: ").contains("chaincode stream terminated");
        Awaitility.await().atMost(Duration.ofMinutes(5)).ignoreExceptions()
                .until(() -> new String(contract.evaluateTransaction("echo", "back"), UTF_8).equals("back"));
        assertThat(devnet.devnet().chaincodeProcessIds().get(0)).isNotEqualTo(pidBefore);
    }
}
