/** The users API: users with a role and a token, a user's own tokens (issue, list, revoke), and who am I. */
package dev.lepton.server.users;
