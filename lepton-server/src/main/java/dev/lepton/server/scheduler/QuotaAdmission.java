package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.quota.Quota;
import dev.lepton.core.quota.QuotaLedger;
import java.util.Optional;

/** The quota ledger as the allocator's admission hook: refuse over quota, charge what starts, release what is preempted. */
final class QuotaAdmission implements Admission {
    private final QuotaLedger ledger;

    QuotaAdmission(QuotaLedger ledger) {
        this.ledger = requireNonNull(ledger, "ledger is null");
    }

    @Override
    public Optional<String> refuse(Candidate candidate) {
        return ledger.refuse(candidate.queue(), quota(candidate)).map(why -> "waiting for quota: " + why);
    }

    @Override
    public void admitted(Candidate candidate) {
        ledger.charge(candidate.queue(), quota(candidate));
    }

    @Override
    public void released(Candidate candidate) {
        ledger.release(candidate.queue(), quota(candidate));
    }

    private static Quota quota(Candidate c) {
        return Quota.of(c.perWorker().times(c.workers()));
    }
}
