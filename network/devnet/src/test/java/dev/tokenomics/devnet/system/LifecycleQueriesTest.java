package dev.tokenomics.devnet.system;

import static dev.tokenomics.devnet.system.SystemCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.testing.CommitFixture;
import java.util.List;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.lifecycle.ApproveChaincodeDefinitionForMyOrgArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryApprovedChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryApprovedChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LifecycleQueriesTest extends CommitFixture {
    private SystemChaincodes system;
    private Signer user;
    private Signer admin;

    @BeforeEach
    void systemChaincodes() {
        system = new SystemChaincodes("mychannel", harness.ledger(), crypto.msp(), List.of(
                new DefinedChaincode("tokenomics", "1.0", "tokenomics:1.0"),
                new DefinedChaincode("basic", "2.1", "basic:2.1")));
        user = crypto.user("USER1").signer();
        admin = crypto.user("ADMIN").signer();
    }

    private Response lifecycle(Signer caller, String channel, Object... args) {
        return system.invoke("_lifecycle", call(caller, channel, args));
    }

    @Nested
    class Committed {
        @Test
        void aDefinitionIsSequenceOneWithFabricsDefaultsApprovedByTheOrg() throws Exception {
            Response response = lifecycle(user, "mychannel", "QueryChaincodeDefinition",
                    QueryChaincodeDefinitionArgs.newBuilder().setName("tokenomics").build().toByteString());

            assertThat(response.getStatus()).isEqualTo(200);
            QueryChaincodeDefinitionResult result = QueryChaincodeDefinitionResult.parseFrom(response.getPayload());
            assertThat(result.getSequence()).isEqualTo(1);
            assertThat(result.getVersion()).isEqualTo("1.0");
            assertThat(result.getEndorsementPlugin()).isEqualTo("escc");
            assertThat(result.getValidationPlugin()).isEqualTo("vscc");
            assertThat(ApplicationPolicy.parseFrom(result.getValidationParameter()).getChannelConfigPolicyReference())
                    .isEqualTo("/Channel/Application/Endorsement");
            assertThat(result.getApprovalsMap()).containsExactly(java.util.Map.entry("Org1MSP", true));
        }

        @Test
        void anUndefinedChaincodeIsANotDefinedNamespace() {
            Response response = lifecycle(user, "mychannel", "QueryChaincodeDefinition",
                    QueryChaincodeDefinitionArgs.newBuilder().setName("missing").build().toByteString());

            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(response.getMessage()).isEqualTo("namespace missing is not defined");
        }

        @Test
        void allDefinitionsAreListedByName() throws Exception {
            Response response = lifecycle(user, "mychannel", "QueryChaincodeDefinitions",
                    QueryChaincodeDefinitionsArgs.getDefaultInstance().toByteString());

            assertThat(QueryChaincodeDefinitionsResult.parseFrom(response.getPayload()).getChaincodeDefinitionsList())
                    .extracting(d -> d.getName() + " " + d.getVersion() + " " + d.getSequence())
                    .containsExactly("basic 2.1 1", "tokenomics 1.0 1");
        }

        @Test
        void withoutAChannelTheWritersPolicyCannotBeMet() {
            Response response = lifecycle(user, "", "QueryChaincodeDefinitions", QueryChaincodeDefinitionsArgs.getDefaultInstance().toByteString());

            assertThat(response.getMessage()).isEqualTo("Failed to authorize invocation due to failed ACL check: Failed getting local MSP "
                    + "principal during channelless check policy with policy [/Channel/Application/Writers]: "
                    + "[MSP Principal role [/Channel/Application/Writers] not recognized]");
        }
    }

    @Nested
    class Installed {
        @Test
        void anAdminSeesThePackagesAndWhereTheyAreUsed() throws Exception {
            Response response = lifecycle(admin, "", "QueryInstalledChaincodes", QueryInstalledChaincodesArgs.getDefaultInstance().toByteString());

            QueryInstalledChaincodesResult result = QueryInstalledChaincodesResult.parseFrom(response.getPayload());
            assertThat(result.getInstalledChaincodesList()).extracting(c -> c.getLabel() + " " + c.getPackageId() + " "
                            + c.getReferencesMap().get("mychannel").getChaincodes(0).getName())
                    .containsExactly("basic basic:2.1 basic", "tokenomics tokenomics:1.0 tokenomics");
        }

        @Test
        void aClientIsNotAnAdminOfThePeersOrg() {
            Response response = lifecycle(user, "", "QueryInstalledChaincodes", QueryInstalledChaincodesArgs.getDefaultInstance().toByteString());

            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getMessage()).isEqualTo("Failed to authorize invocation due to failed ACL check: Failed verifying that proposal's "
                    + "creator satisfies local MSP principal during channelless check policy with policy [Admins]: [The identity is not an "
                    + "admin under this MSP [Org1MSP]: The identity does not contain OU [ADMIN], MSP: [Org1MSP]]");
        }
    }

    @Nested
    class Approved {
        @Test
        void theOrgApprovedTheCommittedDefinitionWithItsPackage() throws Exception {
            Response response = lifecycle(admin, "mychannel", "QueryApprovedChaincodeDefinition",
                    QueryApprovedChaincodeDefinitionArgs.newBuilder().setName("tokenomics").build().toByteString());

            QueryApprovedChaincodeDefinitionResult result = QueryApprovedChaincodeDefinitionResult.parseFrom(response.getPayload());
            assertThat(result.getSequence()).isEqualTo(1);
            assertThat(result.getVersion()).isEqualTo("1.0");
            assertThat(result.getSource().getLocalPackage().getPackageId()).isEqualTo("tokenomics:1.0");
        }

        @Test
        void noOtherSequenceWasApproved() {
            Response response = lifecycle(admin, "mychannel", "QueryApprovedChaincodeDefinition",
                    QueryApprovedChaincodeDefinitionArgs.newBuilder().setName("tokenomics").setSequence(2).build().toByteString());

            assertThat(response.getMessage()).isEqualTo("failed to invoke backing implementation of 'QueryApprovedChaincodeDefinition': "
                    + "could not fetch approved chaincode definition (name: 'tokenomics', sequence: '2') on channel 'mychannel'");
        }
    }

    @Nested
    class Refused {
        @Test
        void anApprovalIsRefusedSayingTheDevnetsChaincodesAreFixed() {
            Response response = lifecycle(admin, "mychannel", "ApproveChaincodeDefinitionForMyOrg",
                    ApproveChaincodeDefinitionForMyOrgArgs.newBuilder().setName("basic").setVersion("3").setSequence(2).build().toByteString());

            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getMessage()).startsWith("failed to invoke backing implementation of 'ApproveChaincodeDefinitionForMyOrg': "
                    + "the devnet does not change its chaincodes while it runs");
        }

        @Test
        void aCommitReadinessCheckIsRefusedNamingWhatIsAnswered() {
            assertThat(lifecycle(user, "mychannel", "CheckCommitReadiness", "").getMessage())
                    .isEqualTo("failed to invoke backing implementation of 'CheckCommitReadiness': the devnet answers only "
                            + "QueryChaincodeDefinition(s), QueryApprovedChaincodeDefinition(s) and QueryInstalledChaincode(s)");
        }

        @Test
        void anUnknownFunctionHasNoPolicy() {
            assertThat(lifecycle(admin, "mychannel", "Upgrade", "x").getMessage())
                    .isEqualTo("Failed to authorize invocation due to failed ACL check: Unmapped policy for _lifecycle/Upgrade");
        }

        @Test
        void argumentsThatAreNotTheArgsMessageCannotBeDecoded() {
            assertThat(lifecycle(user, "mychannel", "QueryChaincodeDefinition", "\u00ff\u00ff").getMessage())
                    .startsWith("failed to invoke backing implementation of 'QueryChaincodeDefinition': "
                            + "could not decode input arg for *lifecycle.Invocation.QueryChaincodeDefinition: ");
        }

        @Test
        void onlyTwoArgumentsAreAccepted() {
            assertThat(lifecycle(user, "mychannel", "QueryChaincodeDefinitions").getMessage())
                    .isEqualTo("lifecycle scc operations require exactly two arguments but received 1");
        }
    }
}
