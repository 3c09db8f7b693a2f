/** {@code lepton audit …}: reading the audit log and verifying its hash chain (admin in every project). */
package dev.lepton.cli.audit;
