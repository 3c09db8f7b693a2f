/** The HTTP edge: the route table (each route with the access it needs), errors as problem+json, JSON bodies. */
package dev.lepton.server.http;
