/** This machine as a node: registration, its utilisation, worker usage sampling, and the nodes API. */
package dev.lepton.server.nodes;
