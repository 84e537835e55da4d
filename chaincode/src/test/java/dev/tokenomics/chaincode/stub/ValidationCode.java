package dev.tokenomics.chaincode.stub;

/** The subset of Fabric's TxValidationCode these tests can produce. */
public enum ValidationCode {
    VALID,
    MVCC_READ_CONFLICT,
    /** The simulation failed, so no endorsement exists and nothing reaches the orderer. */
    ENDORSEMENT_FAILED
}
