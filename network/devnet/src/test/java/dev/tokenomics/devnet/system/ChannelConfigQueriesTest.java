package dev.tokenomics.devnet.system;

import static dev.tokenomics.devnet.system.SystemCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.testing.CommitFixture;
import java.nio.file.Path;
import java.util.List;
import org.hyperledger.fabric.protos.peer.ChannelInfo;
import org.hyperledger.fabric.protos.peer.ChannelQueryResponse;
import org.hyperledger.fabric.protos.peer.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cscc's checks and GetChannels; the config it returns is compared with the config block end to end (SystemChaincodesTest). */
class ChannelConfigQueriesTest extends CommitFixture {
    private SystemChaincodes system;

    @BeforeEach
    void systemChaincodes() {
        system = new SystemChaincodes("mychannel", harness.ledger(), crypto.msp(), List.of());
    }

    private Response cscc(Signer caller, Object... args) {
        return system.invoke("cscc", call(caller, "", args));
    }

    @Test
    void anyMemberOfThePeersOrgListsItsOneChannel() throws Exception {
        Response response = cscc(crypto.user("USER1").signer(), "GetChannels");

        assertThat(ChannelQueryResponse.parseFrom(response.getPayload()).getChannelsList())
                .containsExactly(ChannelInfo.newBuilder().setChannelId("mychannel").build());
    }

    @Test
    void anIdentityOfAnotherCaIsNotAMember(@TempDir Path dir) {
        Signer stranger = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com").user("USER1").signer();

        assertThat(cscc(stranger, "GetChannels").getMessage()).startsWith("access denied for [GetChannels]: Failed verifying that proposal's "
                + "creator satisfies local MSP principal during channelless check policy with policy [Members]: [The identity is not valid");
    }

    @Test
    void theConfigOfAnotherChannelHasNoPolicyManager() {
        assertThat(cscc(crypto.user("USER1").signer(), "GetChannelConfig", "other").getMessage())
                .isEqualTo("access denied for [GetChannelConfig][other]: Failed to get policy manager for channel [other]");
    }

    @Test
    void aConfigQueryNeedsAChannelName() {
        assertThat(cscc(crypto.user("USER1").signer(), "GetChannelConfig", "").getMessage()).isEqualTo("empty channel name provided");
        assertThat(cscc(crypto.user("USER1").signer(), "GetChannelConfig").getMessage()).isEqualTo("Incorrect number of arguments, 1");
    }
}
