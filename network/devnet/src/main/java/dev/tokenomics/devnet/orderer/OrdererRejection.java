package dev.tokenomics.devnet.orderer;

import org.hyperledger.fabric.protos.common.Status;

/** The orderer refused an envelope at ingress, with the status Fabric's broadcast handler would send. */
public class OrdererRejection extends Exception {
    private static final long serialVersionUID = 1L;
    private final Status status;

    public OrdererRejection(Status status, String info) {
        super(info);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
