package dev.tokenomics.devnet.gateway;

import com.google.protobuf.Any;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * Gateway errors as Fabric's newRpcError builds them: one {@code google.rpc.Status} whose code
 * equals the transport code (the Java client's StatusProto check rejects a mismatch) carrying
 * only {@code gateway.ErrorDetail}s (the Node client decodes every detail as one).
 */
final class RpcErrors {
    private final String peerAddress;
    private final String mspId;

    RpcErrors(String peerAddress, String mspId) {
        this.peerAddress = peerAddress;
        this.mspId = mspId;
    }

    StatusRuntimeException error(Code code, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .build());
    }

    /** An error with one detail naming this peer, as when the single endorser or orderer failed. */
    StatusRuntimeException withDetail(Code code, String message, String detailMessage) {
        ErrorDetail detail = ErrorDetail.newBuilder()
                .setAddress(peerAddress)
                .setMspId(mspId)
                .setMessage(detailMessage)
                .build();
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(detail))
                .build());
    }
}
