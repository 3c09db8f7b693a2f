/** The single executable: the CLI's commands plus {@code lepton server}. */
package dev.lepton.dist;
