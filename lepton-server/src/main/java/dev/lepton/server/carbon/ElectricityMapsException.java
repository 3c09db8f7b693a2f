package dev.lepton.server.carbon;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.OptionalInt;

/** The Electricity Maps API gave no usable answer for a zone: refused, rate-limited, failed, silent or unreadable. */
public final class ElectricityMapsException extends LeptonException {
    private final String zone;
    private final OptionalInt status;

    ElectricityMapsException(ErrorCode code, String zone, OptionalInt status, String message, Throwable cause) {
        super(code, message, cause);
        this.zone = zone;
        this.status = status;
    }

    /** The zone asked for. */
    public String zone() {
        return zone;
    }

    /** The HTTP status, when an answer came; empty for a timeout or a failed connection. */
    public OptionalInt status() {
        return status;
    }
}
