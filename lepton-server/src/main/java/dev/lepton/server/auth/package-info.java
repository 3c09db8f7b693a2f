/** Bearer tokens ({@code lep_…}, only their hash stored), the first admin, and who may call which route. */
package dev.lepton.server.auth;
