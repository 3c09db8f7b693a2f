#!/usr/bin/env python3
"""Writes a wide two-layer perceptron as an ONNX model, for bench/batching.sh: input "x" FP32 [batch, N], then
MatMul by an N x N weight, Relu, MatMul by an N x 16 weight, output "y" FP32 [batch, 16]. One row costs a
matrix-vector product over N*N weights (memory-bound); a batch of rows shares one pass over them, the case where
dynamic batching pays on a CPU. Weights are seeded pseudo-random numbers; the protobuf is written by hand (field
numbers of onnx.proto3), so neither the onnx package nor numpy is needed.
Usage: bench/mlp-onnx.py OUT.onnx [N=1024]"""
import random, struct, sys

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)

def field(number, wire, payload):
    return varint(number << 3 | wire) + payload

def vint(number, value):          # varint field
    return field(number, 0, varint(value))

def blob(number, data):            # length-delimited field
    if isinstance(data, str):
        data = data.encode()
    return field(number, 2, varint(len(data)) + data)

FLOAT = 1

def tensor(name, dims, values):
    out = b"".join(vint(1, d) for d in dims) + vint(2, FLOAT) + blob(8, name)
    return out + blob(9, struct.pack("<%df" % len(values), *values))

def value_info(name, dims):        # dims: ints, or a string for a symbolic dimension
    shape = b"".join(blob(1, blob(2, d) if isinstance(d, str) else vint(1, d)) for d in dims)
    tensor_type = vint(1, FLOAT) + blob(2, shape)
    return blob(1, name) + blob(2, blob(1, tensor_type))

def node(op, inputs, outputs, name):
    return b"".join(blob(1, i) for i in inputs) + b"".join(blob(2, o) for o in outputs) + blob(3, name) + blob(4, op)

def main():
    out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1024
    rng = random.Random(42)
    scale = (1.0 / n) ** 0.5
    w1 = [rng.uniform(-scale, scale) for _ in range(n * n)]
    w2 = [rng.uniform(-scale, scale) for _ in range(n * 16)]
    graph = (blob(1, node("MatMul", ["x", "w1"], ["h"], "layer1")) + blob(1, node("Relu", ["h"], ["a"], "relu"))
             + blob(1, node("MatMul", ["a", "w2"], ["y"], "layer2")) + blob(2, "mlp")
             + blob(5, tensor("w1", [n, n], w1)) + blob(5, tensor("w2", [n, 16], w2))
             + blob(11, value_info("x", ["batch", n])) + blob(12, value_info("y", ["batch", 16])))
    model = vint(1, 8) + blob(2, "lepton-bench") + blob(7, graph) + blob(8, blob(1, "") + vint(2, 13))
    open(out, "wb").write(model)

main()
