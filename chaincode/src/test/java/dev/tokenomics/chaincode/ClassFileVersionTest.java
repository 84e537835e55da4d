package dev.tokenomics.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Fabric 2.5's Java chaincode runtime is Java 11: every chaincode class must be class-file version 55. */
class ClassFileVersionTest {
    private static final int JAVA_11 = 55;

    @Test
    void everyChaincodeClassTargetsJava11() throws IOException {
        Path classes = Paths.get(System.getProperty("tokenomics.chaincode.classes", "target/classes"), "dev", "tokenomics", "chaincode");
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        assertThat(classFiles).hasSizeGreaterThan(20);
        for (Path file : classFiles) {
            assertThat(majorVersion(file)).as(file.toString()).isEqualTo(JAVA_11);
        }
    }

    private static int majorVersion(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
