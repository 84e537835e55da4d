package dev.tokenomics.devnet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.List;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

class BlockHashingTest {

    /** DER written out by hand, independent of BouncyCastle: SEQUENCE{INTEGER, OCTET STRING, OCTET STRING}. */
    static byte[] handWrittenDer(long number, byte[] previousHash, byte[] dataHash) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] integer = BigInteger.valueOf(number).toByteArray(); // minimal two's complement, as DER wants
        tlv(content, 0x02, integer);
        tlv(content, 0x04, previousHash);
        tlv(content, 0x04, dataHash);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        tlv(sequence, 0x30, content.toByteArray());
        return sequence.toByteArray();
    }

    static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
        assertThat(value.length).isLessThan(128);
        out.write(tag);
        out.write(value.length);
        out.writeBytes(value);
    }

    static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void headerBytesAreTheDerOfNumberPreviousHashAndDataHash() throws Exception {
        byte[] previous = sha256("previous".getBytes());
        byte[] data = sha256("data".getBytes());
        for (long number : new long[] {0, 1, 127, 128, 255, 256, 65_535, 1L << 40, Long.MAX_VALUE}) {
            BlockHeader header = BlockHeader.newBuilder().setNumber(number)
                    .setPreviousHash(ByteString.copyFrom(previous)).setDataHash(ByteString.copyFrom(data)).build();

            assertThat(BlockHashing.headerBytes(header)).as("block %d", number).isEqualTo(handWrittenDer(number, previous, data));
            assertThat(BlockHashing.headerHash(header)).isEqualTo(sha256(handWrittenDer(number, previous, data)));
        }
    }

    @Test
    void genesisHeaderHasAnEmptyPreviousHashOctetString() {
        BlockHeader genesis = BlockHeader.newBuilder().setNumber(0).setDataHash(ByteString.copyFrom(new byte[32])).build();

        byte[] der = BlockHashing.headerBytes(genesis);
        assertThat(der).startsWith(0x30, 39, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 32);
    }

    @Test
    void dataHashIsSha256OfTheConcatenatedEnvelopesNotAMerkleRoot() throws Exception {
        ByteString a = ByteString.copyFromUtf8("envelope-a");
        ByteString b = ByteString.copyFromUtf8("envelope-b");

        assertThat(BlockHashing.dataHash(List.of(a, b))).isEqualTo(sha256("envelope-aenvelope-b".getBytes()));
        assertThat(BlockHashing.dataHash(List.of())).isEqualTo(sha256(new byte[0]));
    }
}
