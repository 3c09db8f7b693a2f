/** {@code lepton apply}: reads multi-document YAML/JSON manifests and submits each object by its {@code kind}. */
package dev.lepton.cli.apply;
