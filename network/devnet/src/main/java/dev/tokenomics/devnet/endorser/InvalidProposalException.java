package dev.tokenomics.devnet.endorser;

/** A proposal that cannot be unpacked (malformed bytes, missing chaincode id or input). */
public class InvalidProposalException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidProposalException(String message) {
        super(message);
    }
}
