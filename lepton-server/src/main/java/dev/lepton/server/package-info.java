/** The control plane: {@link dev.lepton.server.ServerAssembly} wires store, executor, scheduler loop and HTTP API by hand. */
package dev.lepton.server;
