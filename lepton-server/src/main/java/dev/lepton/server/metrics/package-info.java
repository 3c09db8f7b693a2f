/** Prometheus metrics ({@code lepton_*}, units in the names), gathered when scraped. */
package dev.lepton.server.metrics;
