/**
 * The Open Inference Protocol's REST endpoints and {@code /metrics} on Javalin; every refusal is
 * {@code {"error": "..."}}, bad input a 400 naming the field, an unknown model a 404.
 */
package dev.lepton.serving.http;
