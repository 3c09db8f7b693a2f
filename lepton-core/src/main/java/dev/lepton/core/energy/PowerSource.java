package dev.lepton.core.energy;

import java.util.List;

/**
 * Reads a node's power per component. Each call answers the average power of every component it
 * covers since its previous call (for the first call, since the source was opened), each reading
 * marked measured or modelled and named after its source. Implementations live at the edge (RAPL,
 * {@code nvidia-smi}, the utilisation model); one thread calls {@link #read()}.
 */
public interface PowerSource {
    List<ComponentReading> read();
}
