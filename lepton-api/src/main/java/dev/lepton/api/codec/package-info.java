/** JSON and YAML codecs shared by server, client and CLI, configured once. */
package dev.lepton.api.codec;
