package dev.tokenomics.devnet.chaincode;

import org.hyperledger.fabric.protos.peer.QueryResultBytes;

/** Results of one query iterator, produced one at a time so that reads are recorded as the peer's iterator records them. */
interface ResultSource {

    /** The next result, or null once the source is exhausted. */
    QueryResultBytes next();

    /** For paginated queries: the key where the next page starts, or "" when nothing follows. */
    default String bookmark() {
        return "";
    }
}
