package dev.lepton.api.v1;

/**
 * An error as {@code application/problem+json} (RFC 9457) with Lepton's stable {@code code}.
 * {@code detail} names the field and the value at fault.
 */
public record Problem(String type, String title, int status, String detail, String code, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
