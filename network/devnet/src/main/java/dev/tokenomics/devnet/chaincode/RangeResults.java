package dev.tokenomics.devnet.chaincode;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.ledger.KeyValue;
import java.util.Iterator;
import org.hyperledger.fabric.protos.ledger.queryresult.KV;
import org.hyperledger.fabric.protos.peer.QueryResultBytes;

/** A range scan over committed state, recording each key handed out (and exhaustion) for phantom validation. */
final class RangeResults implements ResultSource {
    private final String namespace;
    private final Iterator<KeyValue> scan;
    private final RangeQueryRecorder recorder;

    RangeResults(String namespace, Iterator<KeyValue> scan, RangeQueryRecorder recorder) {
        this.namespace = namespace;
        this.scan = scan;
        this.recorder = recorder;
    }

    @Override
    public QueryResultBytes next() {
        if (!scan.hasNext()) {
            recorder.exhausted();
            return null;
        }
        KeyValue kv = scan.next();
        recorder.read(kv.key(), kv.value().version());
        return QueryResultBytes.newBuilder()
                .setResultBytes(KV.newBuilder()
                        .setNamespace(namespace)
                        .setKey(kv.key())
                        .setValue(ByteString.copyFrom(kv.value().value()))
                        .build()
                        .toByteString())
                .build();
    }

    /** The next key in the range after what was read, without recording it (leveldb's GetBookmarkAndClose). */
    @Override
    public String bookmark() {
        return scan.hasNext() ? scan.next().key() : "";
    }
}
