package dev.tokenomics.devnet.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.junit.jupiter.api.Test;

/** The parser must answer exactly as {@code parseFrom(ByteString)} does, only without copying. */
class ZeroCopyParserTest {

    private static final ByteString PAYLOAD = Payload.newBuilder()
            .setHeader(Header.newBuilder().setChannelHeader(utf8("channel header")).setSignatureHeader(utf8("signature header")))
            .setData(utf8("transaction"))
            .build().toByteString();
    private static final ByteString ENVELOPE = Envelope.newBuilder().setPayload(PAYLOAD).setSignature(utf8("signature")).build().toByteString();

    @Test
    void nestedMessagesParseAsParseFromParsesThem() throws InvalidProtocolBufferException {
        Envelope envelope = ZeroCopyParser.parse(Envelope.parser(), ENVELOPE);
        Payload payload = ZeroCopyParser.parse(Payload.parser(), envelope.getPayload());

        assertThat(envelope).isEqualTo(Envelope.parseFrom(ENVELOPE));
        assertThat(payload).isEqualTo(Payload.parseFrom(PAYLOAD));
        assertThat(payload.getData().toStringUtf8()).isEqualTo("transaction");
        assertThat(payload.getHeader().getSignatureHeader().toStringUtf8()).isEqualTo("signature header");
    }

    @Test
    void aTruncatedMessageIsRefused() {
        ByteString truncated = ENVELOPE.substring(0, ENVELOPE.size() - 3);

        assertThatThrownBy(() -> Envelope.parseFrom(truncated)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> ZeroCopyParser.parse(Envelope.parser(), truncated)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void anInputThatEndsOffAMessageBoundaryIsRefused() {
        ByteString endGroup = ByteString.copyFrom(new byte[] {0x0c}); // field 1, wire type 4: an end-group tag with no group open

        assertThatThrownBy(() -> Envelope.parseFrom(endGroup)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> ZeroCopyParser.parse(Envelope.parser(), endGroup)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void anEmptyInputIsTheEmptyMessage() throws InvalidProtocolBufferException {
        assertThat(ZeroCopyParser.parse(Envelope.parser(), ByteString.EMPTY)).isEqualTo(Envelope.getDefaultInstance());
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }
}
