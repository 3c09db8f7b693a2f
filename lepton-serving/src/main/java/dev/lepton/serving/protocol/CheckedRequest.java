package dev.lepton.serving.protocol;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.inference.ModelSignature;
import dev.lepton.core.inference.Tensor;
import dev.lepton.core.inference.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A request that fits its model: every input the model takes, each of the model's datatype and of a
 * shape its spec accepts, decoded into tensors; the outputs to run and how to return each.
 *
 * @param id      the request's {@code id}, echoed in the response
 * @param run     the outputs to compute; empty: all of them
 * @param returns the outputs to answer with, in order, each as JSON or as binary data
 */
public record CheckedRequest(Optional<String> id, Map<String, Tensor> inputs, Set<String> run, List<Returned> returns) {
    public CheckedRequest {
        requireNonNull(id, "id is null");
        inputs = Map.copyOf(inputs);
        run = Set.copyOf(run);
        returns = List.copyOf(returns);
    }

    /** An output to answer with, and whether as binary data. */
    public record Returned(String name, boolean binary) {
        public Returned {
            requireNonNull(name, "name is null");
        }
    }

    /** Checks {@code request} against model {@code model}'s signature; a misfit is an {@link InvalidRequestException} naming it. */
    public static CheckedRequest of(String model, ModelSignature signature, InferenceRequest request) {
        Map<String, Tensor> inputs = new HashMap<>();
        for (RequestInput input : request.inputs()) {
            TensorSpec spec = signature.input(input.name()).orElseThrow(() -> new InvalidRequestException("input '" + input.name()
                    + "' is not an input of model '" + model + "'; its inputs are " + names(signature.inputNames())));
            if (inputs.containsKey(input.name())) {
                throw new InvalidRequestException("input '" + input.name() + "' is given twice");
            }
            if (input.datatype() != spec.datatype()) {
                throw new InvalidRequestException("input '" + input.name() + "'.datatype: " + input.datatype() + ", but model '" + model
                        + "' takes " + spec.datatype());
            }
            if (!spec.accepts(input.shape())) {
                throw new InvalidRequestException("input '" + input.name() + "'.shape: " + input.shape() + " does not fit the model's "
                        + spec.shape() + " (-1: any size)");
            }
            inputs.put(input.name(), TensorDecoder.decode(input));
        }
        List<String> missing = signature.inputNames().stream().filter(name -> !inputs.containsKey(name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("input " + names(missing) + (missing.size() == 1 ? " is" : " are") + " missing; model '" + model
                    + "' takes " + names(signature.inputNames()));
        }
        return new CheckedRequest(request.id(), inputs, requested(model, signature, request), returns(signature, request));
    }

    private static Set<String> requested(String model, ModelSignature signature, InferenceRequest request) {
        Set<String> requested = new LinkedHashSet<>();
        for (RequestedOutput output : request.outputs()) {
            if (signature.output(output.name()).isEmpty()) {
                throw new InvalidRequestException("output '" + output.name() + "' is not an output of model '" + model + "'; its outputs are "
                        + names(signature.outputNames()));
            }
            requested.add(output.name());
        }
        return requested;
    }

    /** The outputs asked for, once each in the order asked, or all in the model's order; binary as the output or else the request says. */
    private static List<Returned> returns(ModelSignature signature, InferenceRequest request) {
        Object all = request.parameters().getOrDefault(InferenceRequest.BINARY_DATA_OUTPUT, false);
        if (!(all instanceof Boolean binaryByDefault)) {
            throw new InvalidRequestException("parameters." + InferenceRequest.BINARY_DATA_OUTPUT + ": must be true or false (got " + all + ")");
        }
        if (request.outputs().isEmpty()) {
            return signature.outputNames().stream().map(name -> new Returned(name, binaryByDefault)).toList();
        }
        List<Returned> returns = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RequestedOutput output : request.outputs()) {
            if (seen.add(output.name())) {
                returns.add(new Returned(output.name(), output.binary().orElse(binaryByDefault)));
            }
        }
        return returns;
    }

    private static String names(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    }
}
