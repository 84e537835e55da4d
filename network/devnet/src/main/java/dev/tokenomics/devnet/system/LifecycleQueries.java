package dev.tokenomics.devnet.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;
import org.hyperledger.fabric.protos.peer.CollectionConfigPackage;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.lifecycle.ChaincodeSource;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryApprovedChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryApprovedChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryApprovedChaincodeDefinitionsArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryApprovedChaincodeDefinitionsResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionsResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodeArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodeResult;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryInstalledChaincodesResult;

/**
 * The query side of {@code _lifecycle} (core/chaincode/lifecycle/scc.go): the chaincodes the devnet
 * runs, reported as Fabric reports a chaincode committed at sequence 1 with its defaults (plugins
 * {@code escc}/{@code vscc}, the channel's {@code /Channel/Application/Endorsement} policy, approved
 * by the one org) and installed on the peer. Calls take Fabric's two arguments (function, marshalled
 * {@code *Args} message) and its access rules ({@code Admins} for what is installed or approved,
 * channel writers for what is committed). The devnet fixes its chaincodes when it starts, so every
 * write (install, approve, commit) is refused with a message saying so, as are the queries about
 * pending changes ({@code CheckCommitReadiness}) and package downloads.
 */
final class LifecycleQueries implements SystemChaincode {
    static final String NAME = "_lifecycle";
    private static final long SEQUENCE = 1;
    private static final String ENDORSEMENT_PLUGIN = "escc";
    private static final String VALIDATION_PLUGIN = "vscc";
    private static final ByteString DEFAULT_ENDORSEMENT_POLICY = ApplicationPolicy.newBuilder()
            .setChannelConfigPolicyReference("/Channel/Application/Endorsement").build().toByteString();
    private static final Map<String, String> POLICIES = Map.ofEntries(
            Map.entry("InstallChaincode", AccessRules.ADMINS),
            Map.entry("QueryInstalledChaincode", AccessRules.ADMINS),
            Map.entry("GetInstalledChaincodePackage", AccessRules.ADMINS),
            Map.entry("QueryInstalledChaincodes", AccessRules.ADMINS),
            Map.entry("ApproveChaincodeDefinitionForMyOrg", AccessRules.ADMINS),
            Map.entry("QueryApprovedChaincodeDefinition", AccessRules.ADMINS),
            Map.entry("QueryApprovedChaincodeDefinitions", AccessRules.ADMINS),
            Map.entry("CommitChaincodeDefinition", AccessRules.WRITERS),
            Map.entry("QueryChaincodeDefinition", AccessRules.WRITERS),
            Map.entry("QueryChaincodeDefinitions", AccessRules.WRITERS),
            Map.entry("CheckCommitReadiness", AccessRules.WRITERS));

    private final String channelId;
    private final String mspId;
    private final List<DefinedChaincode> chaincodes;
    private final AccessRules access;

    LifecycleQueries(String channelId, String mspId, List<DefinedChaincode> chaincodes, AccessRules access) {
        this.channelId = channelId;
        this.mspId = mspId;
        this.chaincodes = chaincodes.stream().sorted(Comparator.comparing(DefinedChaincode::name)).toList();
        this.access = access;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Response invoke(SystemCall call) {
        if (call.args().isEmpty()) {
            return Responses.error("lifecycle scc must be invoked with arguments");
        }
        if (call.args().size() != 2) {
            return Responses.error("lifecycle scc operations require exactly two arguments but received " + call.args().size());
        }
        if (!call.channelId().isEmpty() && !call.channelId().equals(channelId)) {
            return Responses.error("could not get channelconfig for channel '" + call.channelId() + "'");
        }
        String function = call.function();
        String policy = POLICIES.get(function);
        String denied = policy == null ? "Unmapped policy for " + NAME + "/" + function : access.check(policy, call.channelId(), call);
        if (denied != null) {
            return Responses.error("Failed to authorize invocation due to failed ACL check: " + denied);
        }
        try {
            ByteString input = call.args().get(1);
            return switch (function) {
                case "QueryChaincodeDefinition" -> chaincodeDefinition(parse(input, QueryChaincodeDefinitionArgs.parser(), function).getName());
                case "QueryChaincodeDefinitions" -> {
                    parse(input, QueryChaincodeDefinitionsArgs.parser(), function);
                    yield chaincodeDefinitions();
                }
                case "QueryApprovedChaincodeDefinition" -> approvedDefinition(parse(input, QueryApprovedChaincodeDefinitionArgs.parser(), function));
                case "QueryApprovedChaincodeDefinitions" -> {
                    parse(input, QueryApprovedChaincodeDefinitionsArgs.parser(), function);
                    yield approvedDefinitions();
                }
                case "QueryInstalledChaincode" -> installedChaincode(parse(input, QueryInstalledChaincodeArgs.parser(), function).getPackageId());
                case "QueryInstalledChaincodes" -> {
                    parse(input, QueryInstalledChaincodesArgs.parser(), function);
                    yield installedChaincodes();
                }
                case "InstallChaincode", "ApproveChaincodeDefinitionForMyOrg", "CommitChaincodeDefinition" ->
                        failure(function, "the devnet does not change its chaincodes while it runs: it runs the chaincodes it was started with"
                                + " (committed at sequence 1 on channel " + channelId + "); restart it with other chaincodes instead");
                default -> failure(function, "the devnet answers only QueryChaincodeDefinition(s), QueryApprovedChaincodeDefinition(s)"
                        + " and QueryInstalledChaincode(s)");
            };
        } catch (InvalidProtocolBufferException e) {
            return failure(function, e.getMessage());
        }
    }

    private Response chaincodeDefinition(String name) {
        Optional<DefinedChaincode> found = chaincodes.stream().filter(c -> c.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return Responses.status(404, "namespace " + name + " is not defined");
        }
        DefinedChaincode chaincode = found.get();
        return Responses.success(QueryChaincodeDefinitionResult.newBuilder()
                .setSequence(SEQUENCE)
                .setVersion(chaincode.version())
                .setEndorsementPlugin(ENDORSEMENT_PLUGIN)
                .setValidationPlugin(VALIDATION_PLUGIN)
                .setValidationParameter(DEFAULT_ENDORSEMENT_POLICY)
                .setInitRequired(false)
                .setCollections(CollectionConfigPackage.getDefaultInstance())
                .putApprovals(mspId, true)
                .build());
    }

    private Response chaincodeDefinitions() {
        QueryChaincodeDefinitionsResult.Builder result = QueryChaincodeDefinitionsResult.newBuilder();
        for (DefinedChaincode chaincode : chaincodes) {
            result.addChaincodeDefinitions(QueryChaincodeDefinitionsResult.ChaincodeDefinition.newBuilder()
                    .setName(chaincode.name())
                    .setSequence(SEQUENCE)
                    .setVersion(chaincode.version())
                    .setEndorsementPlugin(ENDORSEMENT_PLUGIN)
                    .setValidationPlugin(VALIDATION_PLUGIN)
                    .setValidationParameter(DEFAULT_ENDORSEMENT_POLICY)
                    .setInitRequired(false)
                    .setCollections(CollectionConfigPackage.getDefaultInstance()));
        }
        return Responses.success(result.build());
    }

    /** The org's approval: the committed definition with its package, at sequence 1 (0 asks for the current one). */
    private Response approvedDefinition(QueryApprovedChaincodeDefinitionArgs args) {
        Optional<DefinedChaincode> found = chaincodes.stream().filter(c -> c.name().equals(args.getName())).findFirst();
        long sequence = args.getSequence() == 0 && found.isPresent() ? SEQUENCE : args.getSequence();
        if (found.isEmpty() || sequence != SEQUENCE) {
            return failure("QueryApprovedChaincodeDefinition", "could not fetch approved chaincode definition (name: '" + args.getName()
                    + "', sequence: '" + sequence + "') on channel '" + channelId + "'");
        }
        DefinedChaincode chaincode = found.get();
        return Responses.success(QueryApprovedChaincodeDefinitionResult.newBuilder()
                .setSequence(SEQUENCE)
                .setVersion(chaincode.version())
                .setEndorsementPlugin(ENDORSEMENT_PLUGIN)
                .setValidationPlugin(VALIDATION_PLUGIN)
                .setValidationParameter(DEFAULT_ENDORSEMENT_POLICY)
                .setInitRequired(false)
                .setCollections(CollectionConfigPackage.getDefaultInstance())
                .setSource(localPackage(chaincode))
                .build());
    }

    private Response approvedDefinitions() {
        QueryApprovedChaincodeDefinitionsResult.Builder result = QueryApprovedChaincodeDefinitionsResult.newBuilder();
        for (DefinedChaincode chaincode : chaincodes) {
            result.addApprovedChaincodeDefinitions(QueryApprovedChaincodeDefinitionsResult.ApprovedChaincodeDefinition.newBuilder()
                    .setName(chaincode.name())
                    .setSequence(SEQUENCE)
                    .setVersion(chaincode.version())
                    .setEndorsementPlugin(ENDORSEMENT_PLUGIN)
                    .setValidationPlugin(VALIDATION_PLUGIN)
                    .setValidationParameter(DEFAULT_ENDORSEMENT_POLICY)
                    .setInitRequired(false)
                    .setCollections(CollectionConfigPackage.getDefaultInstance())
                    .setSource(localPackage(chaincode)));
        }
        return Responses.success(result.build());
    }

    private static ChaincodeSource localPackage(DefinedChaincode chaincode) {
        return ChaincodeSource.newBuilder().setLocalPackage(ChaincodeSource.Local.newBuilder().setPackageId(chaincode.packageId())).build();
    }

    private Response installedChaincode(String packageId) {
        Optional<DefinedChaincode> found = chaincodes.stream().filter(c -> c.packageId().equals(packageId)).findFirst();
        if (found.isEmpty()) {
            return failure("QueryInstalledChaincode", "could not find chaincode with package id '" + packageId + "'");
        }
        DefinedChaincode chaincode = found.get();
        return Responses.success(QueryInstalledChaincodeResult.newBuilder()
                .setPackageId(chaincode.packageId())
                .setLabel(chaincode.label())
                .putReferences(channelId, QueryInstalledChaincodeResult.References.newBuilder()
                        .addChaincodes(QueryInstalledChaincodeResult.Chaincode.newBuilder()
                                .setName(chaincode.name()).setVersion(chaincode.version()))
                        .build())
                .build());
    }

    private Response installedChaincodes() {
        QueryInstalledChaincodesResult.Builder result = QueryInstalledChaincodesResult.newBuilder();
        for (DefinedChaincode chaincode : chaincodes) {
            result.addInstalledChaincodes(QueryInstalledChaincodesResult.InstalledChaincode.newBuilder()
                    .setPackageId(chaincode.packageId())
                    .setLabel(chaincode.label())
                    .putReferences(channelId, QueryInstalledChaincodesResult.References.newBuilder()
                            .addChaincodes(QueryInstalledChaincodesResult.Chaincode.newBuilder()
                                    .setName(chaincode.name()).setVersion(chaincode.version()))
                            .build()));
        }
        return Responses.success(result.build());
    }

    private static <T> T parse(ByteString input, Parser<T> parser, String function) throws InvalidProtocolBufferException {
        try {
            return parser.parseFrom(input);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProtocolBufferException("could not decode input arg for *lifecycle.Invocation." + function + ": " + e.getMessage());
        }
    }

    /** Fabric's wording for a lifecycle function that failed (shim error, status 500). */
    private static Response failure(String function, String reason) {
        return Responses.error("failed to invoke backing implementation of '" + function + "': " + reason);
    }
}
