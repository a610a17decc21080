package dev.clasp.core;

import dev.clasp.record.ContentType;
import dev.clasp.record.RecordProtection;

/** One item of the outbound queue: a record's plaintext, or a switch of write protection after CCS. */
sealed interface Outbound {
    record Record(ContentType type, byte[] data, boolean closesOutbound) implements Outbound {
    }

    record ChangeWrite(RecordProtection protection) implements Outbound {
    }
}
