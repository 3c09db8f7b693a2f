/** Lepton's wire format: the objects of the REST API as JSON/YAML records, and their codec. */
package dev.lepton.api;
