package dev.tokenomics.devnet.system;

import org.hyperledger.fabric.protos.peer.Response;

/** A chaincode built into the peer: answers a call at once from the peer's own state. */
interface SystemChaincode {

    String name();

    /** The response Fabric's implementation gives, failures included (as status 4xx/5xx, never thrown). */
    Response invoke(SystemCall call);
}
