package dev.tokenomics.devnet.endorser;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import org.hyperledger.fabric.protos.peer.EndorserGrpc;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * {@code protos.Endorser/ProcessProposal} for the {@code peer} CLI and legacy SDKs: a failure
 * status travels inside the ProposalResponse; only unpack and validation errors are gRPC errors.
 */
public final class EndorserService extends EndorserGrpc.EndorserImplBase {
    private final Endorser endorser;

    public EndorserService(Endorser endorser) {
        this.endorser = endorser;
    }

    @Override
    public void processProposal(SignedProposal request, StreamObserver<ProposalResponse> responseObserver) {
        UnpackedProposal up;
        try {
            up = UnpackedProposal.unpack(request);
        } catch (InvalidProposalException e) {
            responseObserver.onError(Status.UNKNOWN.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        endorser.process(up, true).whenComplete((response, error) -> {
            if (error == null) {
                responseObserver.onNext(response);
                responseObserver.onCompleted();
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                responseObserver.onError(Status.UNKNOWN.withDescription(cause.getMessage()).asRuntimeException());
            }
        });
    }
}
