/** The single executable: the CLI's commands plus {@code lepton server} and {@code lepton serve-model}. */
package dev.lepton.dist;
