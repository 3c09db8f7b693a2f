/** The users API: users with a role and a token, a user's own tokens (issue, list, revoke), who am I, and the audit log. */
package dev.lepton.server.users;
