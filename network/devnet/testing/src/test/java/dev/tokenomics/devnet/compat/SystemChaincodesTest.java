package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenomics.devnet.DevnetIdentity;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.UserIdentity;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.junit.DevnetGateway;
import dev.tokenomics.devnet.ledger.BlockHashing;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.peer.ChannelInfo;
import org.hyperledger.fabric.protos.peer.ChannelQueryResponse;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.hyperledger.fabric.protos.peer.lifecycle.ApproveChaincodeDefinitionForMyOrgArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * qscc, cscc and _lifecycle as tools call them: evaluated through the official gateway client on
 * the channel, and (like {@code peer channel getinfo|list}) as proposals naming no channel; results
 * decoded with Fabric's protos and held against the blocks the devnet committed.
 */
class SystemChaincodesTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();
    static Contract qscc;
    static Contract cscc;
    static Contract lifecycle;
    static Transaction valid;
    static Transaction invalidated;
    static Status validStatus;
    static ManagedChannel grpc;

    /** Two Initialize calls endorsed before either commits: the one ordered second reads a stale config. */
    @BeforeAll
    static void oneValidAndOneInvalidatedTransaction() throws Exception {
        Contract tokenomics = devnet.contract("ADMIN");
        Transaction first = tokenomics.newProposal("Initialize").addArguments("{\"symbol\":\"GXT\",\"decimals\":2}").build().endorse();
        Transaction second = tokenomics.newProposal("Initialize").addArguments("{\"symbol\":\"GXT\",\"decimals\":2}").build().endorse();
        Status a = first.submitAsync().getStatus();
        Status b = second.submitAsync().getStatus();
        assertThat(List.of(a.getCode(), b.getCode())).containsExactlyInAnyOrder(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
        valid = a.getCode() == TxValidationCode.VALID ? first : second;
        validStatus = a.getCode() == TxValidationCode.VALID ? a : b;
        invalidated = valid == first ? second : first;
        DevnetGateway user = devnet.gateway("USER1");
        qscc = user.contract("qscc");
        cscc = user.contract("cscc");
        lifecycle = user.contract("_lifecycle");
        grpc = DevnetGateway.channel(devnet.devnet());
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static String channel() {
        return devnet.devnet().channel();
    }

    @Nested
    class Qscc {
        @Test
        void chainInfoHeightAndHashesAgreeWithTheBlocks() throws Exception {
            BlockchainInfo info = BlockchainInfo.parseFrom(qscc.evaluateTransaction("GetChainInfo", channel()));
            Block newest = Block.parseFrom(qscc.evaluateTransaction("GetBlockByNumber", channel(), Long.toString(info.getHeight() - 1)));
            Block before = Block.parseFrom(qscc.evaluateTransaction("GetBlockByNumber", channel(), Long.toString(info.getHeight() - 2)));

            assertThat(info.getHeight()).isEqualTo(devnet.devnet().ledger().height());
            assertThat(info.getCurrentBlockHash().toByteArray()).isEqualTo(BlockHashing.headerHash(newest.getHeader()));
            assertThat(info.getPreviousBlockHash().toByteArray()).isEqualTo(BlockHashing.headerHash(before.getHeader()));
            byte[] byHash = qscc.evaluateTransaction("GetBlockByHash", channel().getBytes(UTF_8),
                    info.getCurrentBlockHash().toByteArray());
            assertThat(Block.parseFrom(byHash)).isEqualTo(newest);
        }

        @Test
        void aCommittedTransactionIsValidWithTheEnvelopeThatWasSubmitted() throws Exception {
            ProcessedTransaction processed = ProcessedTransaction.parseFrom(
                    qscc.evaluateTransaction("GetTransactionByID", channel(), valid.getTransactionId()));

            assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.VALID_VALUE);
            assertThat(processed.getTransactionEnvelope().getPayload())
                    .isEqualTo(PreparedTransaction.parseFrom(valid.getBytes()).getEnvelope().getPayload());
            Block block = Block.parseFrom(qscc.evaluateTransaction("GetBlockByTxID", channel(), valid.getTransactionId()));
            assertThat(block.getHeader().getNumber()).isEqualTo(validStatus.getBlockNumber());
        }

        @Test
        void anMvccInvalidatedTransactionCarriesItsCode() throws Exception {
            ProcessedTransaction processed = ProcessedTransaction.parseFrom(
                    qscc.evaluateTransaction("GetTransactionByID", channel(), invalidated.getTransactionId()));

            assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT_VALUE);
        }

        @Test
        void unknownTransactionsAndBlocksGetFabricsErrors() {
            assertThat(failure(qscc, "GetTransactionByID", channel(), "0000"))
                    .contains("Failed to get transaction with id 0000, error no such transaction ID [0000] in index");
            assertThat(failure(qscc, "GetBlockByNumber", channel(), "1000000"))
                    .contains("Failed to get block number 1000000, error no such block number [1000000] in index");
        }
    }

    @Nested
    class Cscc {
        @Test
        void theChannelConfigIsTheConfigOfTheConfigBlock() throws Exception {
            Block genesis = Block.parseFrom(qscc.evaluateTransaction("GetBlockByNumber", channel(), "0"));
            Payload payload = Payload.parseFrom(Envelope.parseFrom(genesis.getData().getData(0)).getPayload());

            Config config = Config.parseFrom(cscc.evaluateTransaction("GetChannelConfig", channel()));

            assertThat(config).isEqualTo(ConfigEnvelope.parseFrom(payload.getData()).getConfig());
            assertThat(config.getChannelGroup().getGroupsOrThrow("Application").getGroupsMap()).containsKey("Org1MSP");
        }

        @Test
        void thePeerListsItsOneChannel() throws Exception {
            assertThat(ChannelQueryResponse.parseFrom(cscc.evaluateTransaction("GetChannels")).getChannelsList())
                    .containsExactly(ChannelInfo.newBuilder().setChannelId(channel()).build());
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void tokenomicsIsCommittedAtSequenceOneWithFabricsDefaultPlugins() throws Exception {
            byte[] args = QueryChaincodeDefinitionArgs.newBuilder().setName("tokenomics").build().toByteArray();

            QueryChaincodeDefinitionResult result = QueryChaincodeDefinitionResult.parseFrom(
                    lifecycle.evaluateTransaction("QueryChaincodeDefinition", args));

            assertThat(result.getVersion()).isEqualTo("1.0");
            assertThat(result.getSequence()).isEqualTo(1);
            assertThat(result.getEndorsementPlugin()).isEqualTo("escc");
            assertThat(result.getValidationPlugin()).isEqualTo("vscc");
            assertThat(result.getApprovalsMap()).isEqualTo(Map.of("Org1MSP", true));
            QueryChaincodeDefinitionsResult all = QueryChaincodeDefinitionsResult.parseFrom(lifecycle.evaluateTransaction(
                    "QueryChaincodeDefinitions", QueryChaincodeDefinitionsArgs.getDefaultInstance().toByteArray()));
            assertThat(all.getChaincodeDefinitionsList()).extracting(d -> d.getName()).containsExactly("tokenomics");
        }

        @Test
        void anUnknownChaincodeIsANamespaceNotDefined() {
            byte[] args = QueryChaincodeDefinitionArgs.newBuilder().setName("nope").build().toByteArray();

            assertThat(failure(lifecycle, "QueryChaincodeDefinition", args)).contains("chaincode response 404, namespace nope is not defined");
        }

        @Test
        void theAdminSeesTheInstalledPackage() throws Exception {
            Contract asAdmin = devnet.gateway("ADMIN").contract("_lifecycle");

            QueryInstalledChaincodesResult installed = QueryInstalledChaincodesResult.parseFrom(asAdmin.evaluateTransaction(
                    "QueryInstalledChaincodes", QueryInstalledChaincodesArgs.getDefaultInstance().toByteArray()));

            assertThat(installed.getInstalledChaincodesList()).extracting(c -> c.getPackageId()).containsExactly("tokenomics:1.0");
        }

        @Test
        void anApprovalIsRefusedAtEndorsementSayingWhy() {
            byte[] args = ApproveChaincodeDefinitionForMyOrgArgs.newBuilder().setName("tokenomics").setVersion("2.0").setSequence(2)
                    .build().toByteArray();
            Contract asAdmin = devnet.gateway("ADMIN").contract("_lifecycle");

            EndorseException e = catchThrowableOfType(EndorseException.class,
                    () -> asAdmin.submitTransaction("ApproveChaincodeDefinitionForMyOrg", args));

            assertThat(e.getDetails()).singleElement().satisfies(d -> assertThat(d.getMessage())
                    .contains("failed to invoke backing implementation of 'ApproveChaincodeDefinitionForMyOrg': "
                            + "the devnet does not change its chaincodes while it runs"));
        }
    }

    @Nested
    class Access {
        @Test
        void aClientIsNotAnAdminForInstalledChaincodes() {
            assertThat(failure(lifecycle, "QueryInstalledChaincodes", QueryInstalledChaincodesArgs.getDefaultInstance().toByteArray()))
                    .contains("Failed to authorize invocation due to failed ACL check: Failed verifying that proposal's creator satisfies "
                            + "local MSP principal during channelless check policy with policy [Admins]: [The identity is not an admin "
                            + "under this MSP [Org1MSP]");
        }

        @Test
        void anIdentityFromAnotherCaIsNotAChannelReader(@TempDir Path dir) {
            UserIdentity stranger = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com").user("USER1");
            DevnetIdentity identity = new DevnetIdentity("Org1MSP", stranger.certPem(), stranger.keyPem());
            try (DevnetGateway gateway = DevnetGateway.connect(devnet.devnet(), identity, b -> b)) {
                assertThat(failure(gateway.contract("qscc"), "GetChainInfo", channel()))
                        .contains("access denied: channel [mychannel] creator org [Org1MSP]");
            }
        }
    }

    /** The requests {@code peer channel getinfo} and {@code peer channel list} send: no channel in the header. */
    @Nested
    class ChannelLess {
        private ProposalResponse propose(String chaincode, String function, String... args) throws Exception {
            PeerCli cli = new PeerCli(grpc, "", chaincode, devnet.devnet().identity("USER1"));
            return cli.processProposal(cli.proposal(function, args).signed());
        }

        @Test
        void getInfoAnswersUnendorsedWithTheChainInfo() throws Exception {
            ProposalResponse response = propose("qscc", "GetChainInfo", channel());

            assertThat(response.getResponse().getStatus()).isEqualTo(200);
            assertThat(response.hasEndorsement()).isFalse();
            assertThat(BlockchainInfo.parseFrom(response.getResponse().getPayload()).getHeight()).isEqualTo(devnet.devnet().ledger().height());
        }

        @Test
        void listNamesTheJoinedChannel() throws Exception {
            ProposalResponse response = propose("cscc", "GetChannels");

            assertThat(ChannelQueryResponse.parseFrom(response.getResponse().getPayload()).getChannels(0).getChannelId()).isEqualTo(channel());
        }

        @Test
        void anApplicationChaincodeNeedsAChannel() throws Exception {
            ProposalResponse response = propose("tokenomics", "GetTotalSupply");

            assertThat(response.getResponse().getStatus()).isEqualTo(500);
            assertThat(response.getResponse().getMessage()).contains("could not get channel config for channel ''");
        }
    }

    private static String failure(Contract contract, String function, String... args) {
        return catchThrowableOfType(GatewayException.class, () -> contract.evaluateTransaction(function, args)).getMessage();
    }

    private static String failure(Contract contract, String function, byte[] args) {
        return catchThrowableOfType(GatewayException.class, () -> contract.evaluateTransaction(function, args)).getMessage();
    }
}
