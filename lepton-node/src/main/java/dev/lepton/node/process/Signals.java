package dev.lepton.node.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends signals to process groups through {@code kill(1)}, since Java can only signal single processes. */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);
    private static final long KILL_TIMEOUT_SECONDS = 5;

    private Signals() {}

    /** Signals every process in the group; false if there was none or kill failed. */
    static boolean signalGroup(long pgid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            log.atWarn().setMessage("cannot run kill").addKeyValue("pgid", pgid).addKeyValue("signal", signal)
                    .addKeyValue("error", e.toString()).log();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
