package dev.tokenomics.devnet.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/**
 * Parses a message out of a {@link ByteString} with its bytes fields left as views of that
 * ByteString instead of copies.
 *
 * <p>Fabric nests its messages as bytes fields: an envelope's payload holds the transaction, which
 * holds the action, which holds the proposal response payload, which holds the read/write set and
 * the event. {@code Message.parseFrom(ByteString)} copies each bytes field it reads, so unpacking one
 * level copies nearly all of the next; a 1,000-command envelope (~2.4 MB) was copied once per level
 * at the gateway, the orderer, validation and every filtered-block subscriber: a fifth of the
 * devnet's CPU. ByteStrings are immutable, so a view is as safe as a copy; it keeps the whole source
 * array reachable, and every source here (a request, a block) is held at least as long anyway.
 * The checks are {@code parseFrom}'s: the input must end on a message boundary.
 */
public final class ZeroCopyParser {

    private ZeroCopyParser() {
    }

    public static <T> T parse(Parser<T> parser, ByteString bytes) throws InvalidProtocolBufferException {
        CodedInputStream input = bytes.newCodedInput();
        input.enableAliasing(true);
        T message = parser.parseFrom(input);
        input.checkLastTagWas(0);
        return message;
    }
}
