package dev.lepton.cli.audit;

import dev.lepton.api.v1.ApiAuditVerification;
import dev.lepton.cli.ExitCode;
import dev.lepton.cli.LeptonSubcommand;
import dev.lepton.cli.Session;
import picocli.CommandLine.Command;

/**
 * {@code lepton audit verify}: the server walks the audit log's hash chain. Exits 0 when every row
 * verifies, 1 naming the first row that does not. Keep the head it prints somewhere else: a chain
 * rewritten whole, or cut short at its end, verifies, but no longer ends in that head.
 */
@Command(name = "verify", description = "Check that no audit entry was altered or deleted; exits 1 naming the first that was.")
public final class AuditVerifyCommand extends LeptonSubcommand {
    @Override
    public Integer call() {
        Session session = session();
        ApiAuditVerification verdict = session.client().verifyAudit();
        session.output().show(verdict, AuditVerifyCommand::text);
        return verdict.verified() ? ExitCode.OK.code() : ExitCode.FAILED.code();
    }

    static String text(ApiAuditVerification verdict) {
        if (verdict.verified()) {
            return "verified " + verdict.rows() + " rows\nhead: row " + verdict.headSeq() + ", hash " + verdict.headHash();
        }
        return "row " + verdict.firstBadSeq() + " does not verify: " + verdict.reason();
    }
}
