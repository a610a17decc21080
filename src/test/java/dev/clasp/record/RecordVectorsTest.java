package dev.clasp.record;

import static dev.clasp.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clasp.crypto.BcReference;
import dev.clasp.crypto.Vectors;
import dev.clasp.suite.BulkCipher;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Known-answer records (vector files) and cross-checks against BouncyCastle's lightweight AEAD ciphers. */
class RecordVectorsTest {
    static Stream<Map<String, String>> vectors() {
        return Stream.concat(Vectors.load("aes-gcm-record.txt").values().stream(),
                Vectors.load("chacha20-poly1305-record.txt").values().stream());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void knownAnswer(Map<String, String> v) throws Exception {
        BulkCipher c = BulkCipher.valueOf(v.get("cipher"));
        byte[] key = hex(v.get("key"));
        byte[] iv = hex(v.get("fixedIv"));
        long seq = HexFormat.fromHexDigitsToLong(v.get("seq"));
        ContentType type = ContentType.fromCode(Integer.parseInt(v.get("type")));
        int version = HexFormat.fromHexDigits(v.get("version"));
        byte[] pt = hex(v.get("plaintext"));
        byte[] frag = hex(v.get("fragment"));

        RecordProtection sealer = RecordProtection.forCipher(c, key, iv, true);
        ByteBuffer dst = ByteBuffer.allocate(pt.length + c.expansion());
        sealer.seal(type, version, seq, ByteBuffer.wrap(pt), dst);
        assertEquals(Vectors.hex(frag), Vectors.hex(dst.array()));

        RecordProtection opener = RecordProtection.forCipher(c, key, iv, false);
        ByteBuffer out = ByteBuffer.allocate(pt.length);
        assertEquals(pt.length, opener.open(type, version, seq, ByteBuffer.wrap(frag), out));
        assertArrayEquals(pt, out.array());
    }

    @Test
    void committedVectorsMatchBouncyCastle() {
        Map<String, String> g = Vectors.load("aes-gcm-record.txt").get("aes128 appdata");
        assertEquals(g.get("fragment"), Vectors.hex(BcReference.gcmSeal(hex(g.get("key")), hex(g.get("fixedIv")),
                HexFormat.fromHexDigitsToLong(g.get("seq")), 23, 0x0303, hex(g.get("plaintext")))));
        Map<String, String> ch = Vectors.load("chacha20-poly1305-record.txt").get("appdata");
        assertEquals(ch.get("fragment"), Vectors.hex(BcReference.chachaSeal(hex(ch.get("key")),
                hex(ch.get("fixedIv")), HexFormat.fromHexDigitsToLong(ch.get("seq")), 23, 0x0303,
                hex(ch.get("plaintext")))));
    }

    /** Random keys, sequence numbers, types and sizes: Clasp's fragments equal BC's, byte for byte. */
    static Stream<BulkCipher> aeadCiphers() {
        return java.util.Arrays.stream(BulkCipher.values()).filter(c -> !c.isCbc() && !c.isNull());
    }

    @ParameterizedTest
    @MethodSource("aeadCiphers")
    void matchesBouncyCastleOnRandomRecords(BulkCipher c) throws Exception {
        Random r = new Random(c.ordinal() * 31L + 7);
        byte[] key = new byte[c.keyLength()];
        byte[] iv = new byte[c.fixedIvLength()];
        r.nextBytes(key);
        r.nextBytes(iv);
        RecordProtection sealer = RecordProtection.forCipher(c, key, iv, true);
        RecordProtection opener = RecordProtection.forCipher(c, key, iv, false);
        for (int i = 0; i < 40; i++) {
            long seq = i < 20 ? i : r.nextLong();
            ContentType type = ContentType.values()[r.nextInt(4)];
            int version = r.nextBoolean() ? 0x0303 : 0x0301;
            byte[] pt = new byte[i == 39 ? 16384 : r.nextInt(600)];
            r.nextBytes(pt);
            byte[] expected = switch (c.kind()) {
                case AES_GCM -> BcReference.gcmSeal(key, iv, seq, type.code(), version, pt);
                case AES_CCM -> BcReference.ccmSeal(key, iv, seq, type.code(), version, pt, c.tagLength());
                default -> BcReference.chachaSeal(key, iv, seq, type.code(), version, pt);
            };
            ByteBuffer dst = ByteBuffer.allocate(pt.length + c.expansion());
            sealer.seal(type, version, seq, ByteBuffer.wrap(pt), dst);
            assertArrayEquals(expected, dst.array(), "record " + i);
            ByteBuffer out = ByteBuffer.allocate(pt.length);
            opener.open(type, version, seq, ByteBuffer.wrap(expected), out);
            assertArrayEquals(pt, out.array());
        }
    }

    /** RFC 5288 3: the receiver takes the explicit nonce from the record, whatever value the sender chose. */
    @Test
    void gcmOpenUsesTheRecordsExplicitNonce() throws Exception {
        byte[] key = new byte[16];
        byte[] salt = {1, 2, 3, 4};
        long seq = 5;
        byte[] pt = "explicit nonce chosen by peer".getBytes();
        // BC: a record sealed with explicit nonce 0x1122334455667788 but the AAD of seq 5.
        byte[] seqNonce = BcReference.gcmSeal(key, salt, 0x1122334455667788L, 23, 0x0303, pt);
        org.bouncycastle.crypto.modes.AEADCipher g = org.bouncycastle.crypto.modes.GCMBlockCipher.newInstance(
                org.bouncycastle.crypto.engines.AESEngine.newInstance());
        byte[] nonce = BcReference.concat(salt, Arrays.copyOf(seqNonce, 8));
        g.init(true, new org.bouncycastle.crypto.params.AEADParameters(
                new org.bouncycastle.crypto.params.KeyParameter(key), 128, nonce,
                BcReference.aad(seq, 23, 0x0303, pt.length)));
        byte[] ct = new byte[g.getOutputSize(pt.length)];
        int n = g.processBytes(pt, 0, pt.length, ct, 0);
        g.doFinal(ct, n);
        byte[] frag = BcReference.concat(Arrays.copyOf(seqNonce, 8), ct);

        RecordProtection opener = RecordProtection.forCipher(BulkCipher.AES_128_GCM, key, salt, false);
        ByteBuffer out = ByteBuffer.allocate(pt.length);
        opener.open(ContentType.APPLICATION_DATA, 0x0303, seq, ByteBuffer.wrap(frag), out);
        assertArrayEquals(pt, out.array());
    }

    /** Clasp's GCM explicit nonce is the sequence number; ChaCha has none. */
    @Test
    void gcmExplicitNonceIsSeq() throws Exception {
        RecordProtection s = RecordProtection.forCipher(BulkCipher.AES_256_GCM, new byte[32], new byte[4], true);
        ByteBuffer dst = ByteBuffer.allocate(3 + 24);
        s.seal(ContentType.HANDSHAKE, 0x0303, 0x0a0b0c0d0e0f1011L, ByteBuffer.wrap(new byte[3]), dst);
        assertEquals("0a0b0c0d0e0f1011", Vectors.hex(Arrays.copyOf(dst.array(), 8)));
    }
}
