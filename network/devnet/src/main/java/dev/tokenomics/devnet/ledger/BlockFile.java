package dev.tokenomics.devnet.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only block file: each record is {@code [int length][int crc32c][block bytes]} and is
 * forced to disk before the block counts as committed. A torn record at the tail (crash during an
 * append) is cut off on open; everything before it was acknowledged and is kept.
 */
final class BlockFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockFile.class);
    private static final int RECORD_HEADER = 8;

    private final Path path;
    private final FileChannel channel;

    private BlockFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static BlockFile open(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new BlockFile(path, channel);
    }

    /** Reads every complete block, truncating a torn tail, and leaves the file positioned for appends. */
    List<Block> readAll() throws IOException {
        List<Block> blocks = new ArrayList<>();
        long position = 0;
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
        while (position + RECORD_HEADER <= size) {
            header.clear();
            readFully(header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < 0 || position + RECORD_HEADER + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(body, position + RECORD_HEADER);
            CRC32C check = new CRC32C();
            check.update(body.array());
            if ((int) check.getValue() != crc) {
                break;
            }
            blocks.add(Block.parseFrom(body.array()));
            position += RECORD_HEADER + length;
        }
        if (position < size) {
            LOG.warn("Block file {}: cutting {} bytes of an incomplete record after block {}", path, size - position, blocks.size() - 1);
            channel.truncate(position);
            channel.force(true);
        }
        channel.position(position);
        return blocks;
    }

    void append(Block block) throws IOException {
        byte[] bytes = block.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER + bytes.length);
        record.putInt(bytes.length).putInt((int) crc.getValue()).put(bytes).flip();
        while (record.hasRemaining()) {
            channel.write(record);
        }
        channel.force(false);
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of " + path);
            }
            at += read;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
