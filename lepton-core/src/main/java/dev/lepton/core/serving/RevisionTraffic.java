package dev.lepton.core.serving;

import java.util.OptionalDouble;

/**
 * What one revision of a deployment served, as stored: requests answered through the gateway, how many failed (5xx),
 * and the feedback on its predictions: how many got any, how many a rating, and the mean of those ratings.
 */
public record RevisionTraffic(long revision, long requests, long errors, long feedback, long ratings, OptionalDouble meanRating) {
    public static RevisionTraffic none(long revision) {
        return new RevisionTraffic(revision, 0, 0, 0, 0, OptionalDouble.empty());
    }
}
