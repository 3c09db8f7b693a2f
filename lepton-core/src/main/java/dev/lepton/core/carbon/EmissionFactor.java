package dev.lepton.core.carbon;

/**
 * Which emissions an intensity counts: {@link #LIFECYCLE} (Electricity Maps' default, the "LCA" or
 * "Life cycle" column: building and fuel supply included) or {@link #DIRECT} (combustion only).
 */
public enum EmissionFactor {
    LIFECYCLE,
    DIRECT
}
