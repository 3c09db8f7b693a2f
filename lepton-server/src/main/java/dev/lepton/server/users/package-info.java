/** The users API: creating users with a role and a token, who am I, and the audit log. */
package dev.lepton.server.users;
