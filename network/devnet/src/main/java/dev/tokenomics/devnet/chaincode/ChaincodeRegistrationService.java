package dev.tokenomics.devnet.chaincode;

import io.grpc.stub.StreamObserver;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeSupportGrpc;

/** {@code protos.ChaincodeSupport/Register}: where peer-launched chaincode processes dial in. */
final class ChaincodeRegistrationService extends ChaincodeSupportGrpc.ChaincodeSupportImplBase {
    private final ChaincodeStream.Registrar registrar;

    ChaincodeRegistrationService(ChaincodeStream.Registrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public StreamObserver<ChaincodeMessage> register(StreamObserver<ChaincodeMessage> toChaincode) {
        ChaincodeStream stream = new ChaincodeStream(registrar);
        stream.connect(toChaincode);
        return stream;
    }
}
