package dev.tokenomics.devnet.ledger;

/** One write of a VALID transaction: {@code value == null} deletes the key. */
public record StateWrite(String namespace, String key, byte[] value) {

    public boolean isDelete() {
        return value == null;
    }
}
