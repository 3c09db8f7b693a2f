/**
 * Quotas: what each queue is guaranteed (nominal), what it may borrow from idle quota in its
 * cohort, and the ledger that admits or refuses work against them.
 */
package dev.lepton.core.quota;
