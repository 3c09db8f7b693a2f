package dev.lepton.core.energy;

/** Whether a figure was measured by the hardware or modelled from utilisation. */
public enum Provenance {
    MEASURED,
    MODELLED;

    /** A figure built from both is only as good as its weaker part: modelled if either is. */
    public Provenance and(Provenance other) {
        return this == MODELLED || other == MODELLED ? MODELLED : MEASURED;
    }
}
