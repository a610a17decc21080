package dev.clasp.record;

import static dev.clasp.record.CbcRecords.bytes;
import static dev.clasp.record.CbcRecords.padding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clasp.alert.TlsAlertException;
import dev.clasp.suite.BulkCipher;
import dev.clasp.suite.MacAlgorithm;
import java.nio.ByteBuffer;
import java.security.Key;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lucky Thirteen: opening a MAC-then-encrypt record must run the HMAC's hash over the same number of
 * compression-function blocks whatever the padding (good minimal, good maximal, bad, too long) and whether the MAC
 * is right. A counting Mac provider records every byte {@link CbcHmacProtection} feeds its Mac, per Mac session;
 * the test turns the sessions into compression counts and requires them equal across paddings for one record
 * length, while the real MAC inputs differ (so the equality is the countermeasure's doing).
 */
class CbcConstantTimeTest {
    /** One Mac session: bytes fed, and whether it ended in doFinal (true) or reset (false). */
    record Session(int bytes, boolean finished) {
    }

    /** Delegates to SunJCE's HMAC and logs sessions. */
    static final class CountingMacSpi extends MacSpi {
        final Mac delegate;
        final List<Session> log;
        int pending;
        boolean touched;

        CountingMacSpi(String algorithm, List<Session> log) throws Exception {
            this.delegate = Mac.getInstance(algorithm, "SunJCE");
            this.log = log;
        }

        @Override
        protected int engineGetMacLength() {
            return delegate.getMacLength();
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params) throws java.security.InvalidKeyException {
            delegate.init(key);
            pending = 0;
            touched = false;
        }

        @Override
        protected void engineUpdate(byte input) {
            touched = true;
            pending++;
            delegate.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            touched = true;
            pending += len;
            delegate.update(input, offset, len);
        }

        @Override
        protected byte[] engineDoFinal() {
            log.add(new Session(pending, true));
            pending = 0;
            touched = false;
            return delegate.doFinal();
        }

        @Override
        protected void engineReset() {
            if (touched) {
                log.add(new Session(pending, false));
            }
            pending = 0;
            touched = false;
            delegate.reset();
        }
    }

    static Mac countingMac(MacAlgorithm m, List<Session> log) throws Exception {
        Provider p = new Provider("CountingMac", "1", "counts HMAC input") {
            {
                putService(new Provider.Service(this, "Mac", m.jcaName(), CountingMacSpi.class.getName(), null,
                        null) {
                    @Override
                    public Object newInstance(Object param) {
                        try {
                            return new CountingMacSpi(m.jcaName(), log);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
            }
        };
        return Mac.getInstance(m.jcaName(), p);
    }

    /**
     * Compression-function calls a session costs, as JDK's HMAC runs them: the inner hash over key block + input
     * (+ final padding when finished) and, when finished, the outer hash (key block + inner digest + padding).
     */
    static int compressions(MacAlgorithm m, Session s) {
        int hb = m.hashBlockLength();
        if (!s.finished()) {
            return (hb + s.bytes()) / hb; // whole blocks only; the rest is dropped by reset()
        }
        int inner = (hb + s.bytes() + 1 + m.lengthFieldLength() + hb - 1) / hb;
        int outer = (hb + m.length() + 1 + m.lengthFieldLength() + hb - 1) / hb;
        return inner + outer;
    }

    static Stream<BulkCipher> cbcCiphers() {
        return Arrays.stream(BulkCipher.values()).filter(BulkCipher::isCbc);
    }

    @ParameterizedTest
    @MethodSource("cbcCiphers")
    void macCompressionsDoNotDependOnPadding(BulkCipher c) throws Exception {
        int mac = c.mac().length();
        byte[] macKey = bytes(mac, 1);
        byte[] key = bytes(c.keyLength(), 2);
        byte[] iv = bytes(16, 3);
        int encLength = 512; // 32 blocks: room for any padding up to 255
        long seq = 77;
        Map<String, byte[]> records = new LinkedHashMap<>();
        // good, minimal padding: the longest content
        int minContent = encLength - mac - 1;
        records.put("good minimal padding (0)", CbcRecords.mte(c, macKey, key, iv, seq, 23, bytes(minContent, 4), 0));
        for (int pad : new int[] {15, 100, 255}) {
            int content = encLength - mac - 1 - pad;
            records.put("good padding " + pad, CbcRecords.mte(c, macKey, key, iv, seq, 23, bytes(content, 4), pad));
        }
        // bad padding: 255 announced, one byte wrong; and a right MAC over content with bad padding
        int content255 = encLength - mac - 256;
        byte[] body = bytes(content255, 4);
        byte[] rightMac = CbcRecords.hmac(c, macKey, CbcRecords.macHeader(seq, 23, content255), body);
        byte[] badPad = padding(255);
        badPad[7] = 3;
        records.put("bad padding, right MAC", CbcRecords.mte(key, iv, body, rightMac, badPad));
        byte[] wrongMac = rightMac.clone();
        wrongMac[0] ^= 1;
        records.put("good maximal padding, wrong MAC", CbcRecords.mte(key, iv, body, wrongMac, padding(255)));
        // padding_length byte 255 in a record whose padding bytes are garbage
        byte[] garbage = bytes(encLength, 9);
        garbage[encLength - 1] = (byte) 255;
        records.put("garbage with padding_length 255",
                CbcRecords.concat(iv, CbcRecords.aesCbc(key, iv, garbage)));

        Map<String, Integer> totals = new LinkedHashMap<>();
        List<Integer> realMacInputs = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : records.entrySet()) {
            assertEquals(16 + encLength, e.getValue().length, e.getKey());
            List<Session> log = new ArrayList<>();
            CbcHmacProtection opener = new CbcHmacProtection(c, macKey, key, false, false, null,
                    countingMac(c.mac(), log));
            ByteBuffer dst = ByteBuffer.allocate(encLength);
            boolean good = e.getKey().startsWith("good") && !e.getKey().contains("wrong");
            if (good) {
                opener.open(ContentType.APPLICATION_DATA, 0x0303, seq, ByteBuffer.wrap(e.getValue()), dst);
            } else {
                assertThrows(TlsAlertException.class, () -> opener.open(ContentType.APPLICATION_DATA, 0x0303, seq,
                        ByteBuffer.wrap(e.getValue()), dst), e.getKey());
            }
            int total = 0;
            for (Session s : log) {
                total += compressions(c.mac(), s);
            }
            totals.put(e.getKey(), total);
            assertTrue(log.get(0).finished(), "the real MAC comes first");
            realMacInputs.add(log.get(0).bytes());
        }
        assertEquals(1, totals.values().stream().distinct().count(), c + ": compressions per padding " + totals);
        // Non-vacuous: the real MAC inputs do differ by up to 255 bytes across these records.
        assertNotEquals(realMacInputs.get(0), realMacInputs.get(3), realMacInputs.toString());
        assertTrue(realMacInputs.get(0) - realMacInputs.get(3) >= c.mac().hashBlockLength(), realMacInputs.toString());
    }
}
