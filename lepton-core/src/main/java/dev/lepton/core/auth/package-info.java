/** Who may do what: roles per project and the permission each grants. */
package dev.lepton.core.auth;
