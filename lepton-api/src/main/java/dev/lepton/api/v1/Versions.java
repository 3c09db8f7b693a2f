package dev.lepton.api.v1;

/** The API version string objects carry. */
public final class Versions {
    public static final String V1 = "lepton.dev/v1";

    private Versions() {}
}
