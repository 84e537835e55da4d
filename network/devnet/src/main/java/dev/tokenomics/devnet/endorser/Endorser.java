package dev.tokenomics.devnet.endorser;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.chaincode.ChaincodeCall;
import dev.tokenomics.devnet.chaincode.ChaincodeExecutionException;
import dev.tokenomics.devnet.chaincode.Chaincodes;
import dev.tokenomics.devnet.identity.Msp;
import dev.tokenomics.devnet.identity.Signer;
import dev.tokenomics.devnet.ledger.Ledger;
import dev.tokenomics.devnet.ledger.StateSnapshot;
import dev.tokenomics.devnet.system.SystemCall;
import dev.tokenomics.devnet.system.SystemChaincodes;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's endorser (core/endorser/endorser.go): validates a proposal, simulates it on the
 * chaincode against a committed snapshot, and signs the proposal response payload. Nothing here
 * is shared between proposals except the ledger and the chaincode streams, so any number of
 * endorsements run at once. System chaincodes ({@code qscc}, {@code cscc}, {@code _lifecycle})
 * are answered in process, on the channel or, like Fabric, on a proposal naming no channel.
 */
public final class Endorser {
    private static final Logger log = LoggerFactory.getLogger(Endorser.class);
    private static final int SHIM_ERROR = 500;
    private static final int ERROR_THRESHOLD = 400;

    private final String channelId;
    private final Ledger ledger;
    private final ProposalValidator validator;
    private final Signer signer;
    private final Chaincodes chaincodes;
    private final SystemChaincodes systemChaincodes;
    private final Executor executor;

    /**
     * @param executor where responses are built and signed, off the chaincode stream's thread
     *                 (a stream handles its messages one at a time)
     */
    public Endorser(String channelId, Ledger ledger, Msp msp, Signer signer, Chaincodes chaincodes, SystemChaincodes systemChaincodes,
                    Executor executor) {
        this.channelId = channelId;
        this.ledger = ledger;
        this.validator = new ProposalValidator(msp);
        this.signer = signer;
        this.chaincodes = chaincodes;
        this.systemChaincodes = systemChaincodes;
        this.executor = executor;
    }

    /**
     * Whether this peer joined {@code channelId} (the devnet's peer joins one channel). The one
     * check of a request's channel: ProcessProposal and the gateway each word the refusal their way.
     */
    public boolean servesChannel(String channelId) {
        return this.channelId.equals(channelId);
    }

    /** The version of {@code chaincodeName} as defined on the channel ("syscc" for a system chaincode); empty when no such chaincode is defined. */
    public Optional<String> chaincodeVersion(String chaincodeName) {
        return systemChaincodes.contains(chaincodeName) ? Optional.of(SystemChaincodes.VERSION) : chaincodes.version(chaincodeName);
    }

    /**
     * Processes a proposal. Completes exceptionally with {@link ProposalRejectedException} when
     * Fabric's ProcessProposal would return an error; otherwise with the ProposalResponse (whose
     * status may be a failure). {@code sign} false skips the endorsement signature, for
     * evaluations whose endorsement nobody sees.
     */
    public CompletableFuture<ProposalResponse> process(UnpackedProposal up, boolean sign) {
        // No channel: checked against the peer's own org (Fabric's local MSP), which is the channel's org here.
        if (!up.channelId().isEmpty() && !servesChannel(up.channelId())) {
            return CompletableFuture.completedFuture(failure("channel '" + up.channelId() + "' not found"));
        }
        try {
            preProcess(up);
        } catch (ProposalRejectedException e) {
            log.info("proposal {} rejected: {}", up.txId(), e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        if (systemChaincodes.contains(up.chaincodeName())) {
            SystemCall call = new SystemCall(up.channelId(), up.input().getArgsList(), up.signatureHeader().getCreator(),
                    up.signedProposal().getProposalBytes(), up.signedProposal().getSignature());
            Response response;
            try {
                response = systemChaincodes.invoke(up.chaincodeName(), call);
            } catch (RuntimeException e) {
                log.error("system chaincode {} failed on {}", up.chaincodeName(), up.txId(), e);
                return CompletableFuture.completedFuture(failure("error in simulation: " + e.getMessage()));
            }
            return CompletableFuture.completedFuture(respond(up, SystemChaincodes.VERSION, response, ByteString.EMPTY, null, sign));
        }
        if (up.channelId().isEmpty()) {
            return CompletableFuture.completedFuture(failure("make sure the chaincode " + up.chaincodeName()
                    + " has been successfully defined on channel  and try again: could not get channel config for channel ''"));
        }
        Optional<String> version = chaincodeVersion(up.chaincodeName());
        if (version.isEmpty()) {
            return CompletableFuture.completedFuture(failure("make sure the chaincode " + up.chaincodeName()
                    + " has been successfully defined on channel " + up.channelId() + " and try again: chaincode "
                    + up.chaincodeName() + " not found"));
        }
        StateSnapshot snapshot = ledger.snapshot();
        ChaincodeCall call = new ChaincodeCall(up.channelId(), up.txId(), up.chaincodeName(), up.input(),
                up.signedProposal(), snapshot);
        return chaincodes.execute(call).handleAsync((result, error) -> {
            snapshot.close();
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (!(cause instanceof ChaincodeExecutionException)) {
                    log.error("simulation of {} failed unexpectedly", up.txId(), cause);
                }
                log.info("simulation of {} on {} failed: {}", up.txId(), up.chaincodeName(), cause.getMessage());
                return failure("error in simulation: " + cause.getMessage());
            }
            return respond(up, version.get(), result.response(), result.readWriteSet().toByteString(), result.event(), sign);
        }, executor);
    }

    private void preProcess(UnpackedProposal up) throws ProposalRejectedException {
        try {
            validator.validate(up);
        } catch (ProposalRejectedException e) {
            throw new ProposalRejectedException("error validating proposal: " + e.getMessage());
        }
        // A proposal without a channel can never become a transaction, so Fabric skips the replay check.
        if (!up.channelId().isEmpty() && ledger.transaction(up.txId()).isPresent()) {
            throw new ProposalRejectedException("duplicate transaction found [" + up.txId() + "]. Creator ["
                    + HexFormat.of().formatHex(up.signatureHeader().getCreator().toByteArray()) + "]");
        }
    }

    /** @param event the chaincode event, or null if none was set */
    private ProposalResponse respond(UnpackedProposal up, String version, Response result, ByteString results, ChaincodeEvent event, boolean sign) {
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setResults(results)
                .setResponse(result)
                .setChaincodeId(ChaincodeID.newBuilder().setName(up.chaincodeName()).setVersion(version));
        if (event != null) {
            action.setEvents(event.toByteString());
        }
        ByteString prp = ProposalResponsePayload.newBuilder()
                .setProposalHash(ByteString.copyFrom(up.proposalHash()))
                .setExtension(action.build().toByteString())
                .build()
                .toByteString();
        int status = result.getStatus();
        if (status >= SHIM_ERROR) {
            return ProposalResponse.newBuilder().setResponse(result).setPayload(prp).build();
        }
        if (up.channelId().isEmpty() || status >= ERROR_THRESHOLD) {
            // a channel-less answer is never endorsed: it cannot become a transaction
            return ProposalResponse.newBuilder().setResponse(result).build();
        }
        ProposalResponse.Builder response = ProposalResponse.newBuilder()
                .setVersion(1)
                .setResponse(result)
                .setPayload(prp);
        if (sign) {
            byte[] endorser = signer.serializedIdentity();
            byte[] signature = signer.sign(prp.concat(ByteString.copyFrom(endorser)).toByteArray());
            response.setEndorsement(Endorsement.newBuilder()
                    .setEndorser(ByteString.copyFrom(endorser))
                    .setSignature(ByteString.copyFrom(signature)));
        }
        return response.build();
    }

    private static ProposalResponse failure(String message) {
        return ProposalResponse.newBuilder()
                .setResponse(Response.newBuilder().setStatus(SHIM_ERROR).setMessage(message))
                .build();
    }
}
