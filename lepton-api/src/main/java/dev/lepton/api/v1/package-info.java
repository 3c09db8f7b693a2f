/**
 * Version 1 of the REST API's objects. Every object has {@code kind}, {@code metadata}, {@code spec}
 * and {@code status}; quantities travel as the strings users write ({@code 500m}, {@code 2GiB}, {@code 30s}).
 */
package dev.lepton.api.v1;
