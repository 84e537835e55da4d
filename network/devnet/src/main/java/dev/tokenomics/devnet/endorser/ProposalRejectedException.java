package dev.tokenomics.devnet.endorser;

/**
 * The endorser refused the proposal before simulating it (Fabric's preProcess: bad header, txid,
 * creator or signature, duplicate txid). The message is Fabric's, e.g.
 * {@code error validating proposal: access denied: channel [mychannel] creator org [Org1MSP]}.
 */
public class ProposalRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProposalRejectedException(String message) {
        super(message);
    }
}
