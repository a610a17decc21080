package dev.clasp.config;

/**
 * Local policy on record sizes for one handshake: what a client asks for with max_fragment_length (RFC 6066 4), the
 * limit this side announces with record_size_limit (RFC 8449 4), and the JSSE maximum packet size, a cap on every
 * record this side sends ({@code SSLParameters.setMaximumPacketSize}).
 *
 * @param maxFragmentLength client: the max_fragment_length to request (512, 1024, 2048 or 4096), 0 for none
 * @param recordSizeLimit   the largest record plaintext this side accepts, announced with record_size_limit
 *                          (64..16384); 0: a client does not offer the extension and a server answers one with 2^14
 * @param maximumPacketSize the largest record (header and protection included) this side sends; 0 for no cap
 */
public record RecordLimits(int maxFragmentLength, int recordSizeLimit, int maximumPacketSize) {
    /** RFC 5246 6.2.1: the protocol's own plaintext limit, 2^14. */
    public static final int PROTOCOL_LIMIT = 16384;
    /** SunJSSE's SSLRecord.maxRecordSize (header, IV, 2^14, MAC, padding): its default maximum packet size. */
    public static final int DEFAULT_MAXIMUM_PACKET_SIZE = 16709;
    /**
     * SunJSSE's SSLRecord.maxPlaintextPlusSize (header 5, IV 16, MAC 48, padding 256): what it subtracts from the
     * maximum packet size to find the plaintext that surely fits.
     */
    static final int MAX_RECORD_OVERHEAD = 325;

    public static final RecordLimits NONE = new RecordLimits(0, 0, 0);

    public RecordLimits {
        if (maxFragmentLength != 0 && maxFragmentLength != 512 && maxFragmentLength != 1024
                && maxFragmentLength != 2048 && maxFragmentLength != 4096) {
            throw new IllegalArgumentException("max_fragment_length must be 512, 1024, 2048 or 4096: "
                    + maxFragmentLength);
        }
        if (recordSizeLimit != 0 && (recordSizeLimit < 64 || recordSizeLimit > PROTOCOL_LIMIT)) {
            throw new IllegalArgumentException("record_size_limit must be 64..16384: " + recordSizeLimit);
        }
        if (maximumPacketSize < 0) {
            throw new IllegalArgumentException("negative maximum packet size: " + maximumPacketSize);
        }
    }

    /**
     * The policy for one engine. {@code enableMfln} is SunJSSE's {@code jsse.enableMFLNExtension}: when set, a client
     * with a maximum packet size asks for the largest max_fragment_length below {@code maximumPacketSize - 325}, as
     * SunJSSE's MaxFragExtension does (nothing when that is above 4096). {@code recordSizeLimit} is the
     * {@code clasp.recordSizeLimit} property: 64..16384 is announced, 0 turns record_size_limit off (a server still
     * answers a client's), -1 (unset) announces {@code maximumPacketSize - 325} (at least 64) when a maximum packet
     * size below the default is set, so the peer's protected records fit it too, else nothing.
     */
    public static RecordLimits of(boolean enableMfln, int recordSizeLimit, int maximumPacketSize) {
        int fragment = maximumPacketSize > 0 ? maximumPacketSize - MAX_RECORD_OVERHEAD : 0;
        int mfl = enableMfln ? maxFragmentLengthFor(fragment) : 0;
        int rsl = Math.max(0, recordSizeLimit);
        if (recordSizeLimit < 0 && maximumPacketSize > 0 && fragment < PROTOCOL_LIMIT) {
            rsl = Math.max(64, fragment);
        }
        return new RecordLimits(mfl, rsl, maximumPacketSize);
    }

    /** SunJSSE's MaxFragLenEnum.valueOf(int): the largest code not above {@code fragment}, or 0. */
    static int maxFragmentLengthFor(int fragment) {
        if (fragment <= 0) {
            return 0;
        } else if (fragment < 1024) {
            return 512;
        } else if (fragment < 2048) {
            return 1024;
        } else if (fragment < 4096) {
            return 2048;
        } else if (fragment == 4096) {
            return 4096;
        }
        return 0;
    }
}
