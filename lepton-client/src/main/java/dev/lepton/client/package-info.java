/** A Java client for Lepton's REST API over java.net.http; the CLI and the tests speak through it. */
package dev.lepton.client;
