package dev.lepton.api.v1;

/**
 * What one revision of a deployment served and cost: requests answered through the gateway and how many failed (5xx); the
 * energy and carbon of its replicas ({@code provenance} {@code measured} or {@code modelled}) and both per 1,000 requests
 * (the Green Software Foundation's SCI with the functional unit "1,000 requests"; absent before the first request); the
 * feedback on its predictions: how many got any, how many a rating, and the mean rating.
 */
public record ApiRevisionStats(long revision, long requests, long errors, double energyJoules, double co2eGrams, String provenance,
                               Double joulesPer1000Requests, Double co2eGramsPer1000Requests, long feedback, long ratings,
                               Double meanRating) {}
