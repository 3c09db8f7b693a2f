/** How commands show results: aligned tables and short summaries for people, JSON or YAML for scripts. */
package dev.lepton.cli.output;
