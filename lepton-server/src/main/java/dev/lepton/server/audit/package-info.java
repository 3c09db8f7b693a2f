/** The audit API: listing the audit log with filters, and verifying its hash chain. */
package dev.lepton.server.audit;
