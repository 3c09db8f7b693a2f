/** Bearer tokens ({@code lep_…}, only their hash stored), the first admin, and turning a token into a principal. */
package dev.lepton.server.auth;
