package dev.lepton.server.gateway;

import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpURI;

/**
 * What the gateway's relay ({@link ClientRelay}) asks of the deployments: which replicas a request goes to, decided from
 * memory alone, and what becomes of its answer.
 */
public interface Routing {
    /**
     * Decides where a plain request goes and gives {@code decided} the route, or null where the server's own handlers must
     * answer it (not a gateway path, a refusal): at once where memory can say, else later, from a thread that may read the
     * store (a token not seen lately). {@code authorization} is the request's header, or null.
     */
    void route(String method, HttpURI uri, String authorization, Consumer<Route> decided);

    /** One request's way through the gateway. */
    interface Route {
        ReplicaPool pool();

        /** The path (and query) to ask the replica for. */
        String target();

        /** The {@code X-Lepton-Prediction-Id} of the answer {@code replica} gives. */
        String predictionId(Replica replica);

        /** The request was answered with {@code status} after {@code nanos}, counted for the revision that answered. */
        void answered(int status, long nanos);
    }
}
