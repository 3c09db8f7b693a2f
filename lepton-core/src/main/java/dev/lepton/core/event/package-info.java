/** Records of what happened: object events users read, and the audit trail of who did what. */
package dev.lepton.core.event;
