#!/usr/bin/env python3
"""Checks a safetensors file with the Python `safetensors` package (the reference reader).

    python3 check_safetensors.py FILE EXPECTED_JSON

EXPECTED_JSON: {"metadata": {str: str}, "tensors": {name: {"dtype", "shape", "values"}}}, where
`values` are the numbers before conversion to `dtype` (row-major). The check passes when:
  * the package opens FILE (its validation: header, offsets, sizes) and its numpy API loads
    every tensor whose dtype numpy has;
  * names, dtypes, shapes and metadata match, and every tensor's bytes equal the values
    converted to its dtype (F16 by numpy, BF16 by round-to-nearest-even);
  * re-serializing the tensors with the package gives FILE byte for byte (tensor order,
    header JSON, padding) — skipped when metadata has several keys, whose order the
    reference does not fix.
Exits 0 on success; otherwise prints what differs and exits 1. SafetensorsTests runs this on a
file written by the Swift writer.
"""
import json
import sys

import numpy as np
from safetensors import TensorSpec, deserialize, safe_open, serialize

NUMPY = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32,
         "I16": np.int16, "I8": np.int8, "U8": np.uint8, "U16": np.uint16, "U32": np.uint32, "BOOL": np.bool_}
SPEC_DTYPE = {"F32": "float32", "F16": "float16", "BF16": "bfloat16", "F64": "float64", "I64": "int64",
              "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "U16": "uint16", "U32": "uint32",
              "BOOL": "bool"}


def expected_bytes(dtype, values):
    if dtype == "BF16":
        bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
        out = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")
        return out.tobytes()
    if dtype in ("F16", "F64"):  # the writer converts from float32
        with np.errstate(over="ignore"):  # values past 65504 become inf in F16
            return np.asarray(values, dtype=np.float32).astype(NUMPY[dtype]).astype(np.dtype(NUMPY[dtype]).newbyteorder("<")).tobytes()
    return np.asarray(values, dtype=NUMPY[dtype]).astype(np.dtype(NUMPY[dtype]).newbyteorder("<")).tobytes()


def check(path, expected):
    errors = []
    with open(path, "rb") as f:
        data = f.read()
    tensors = dict(deserialize(data))
    with safe_open(path, framework="numpy") as f:
        metadata = f.metadata() or {}
        for name in f.keys():
            if tensors[name]["dtype"] in NUMPY:
                array = f.get_tensor(name)
                if array.tobytes() != bytes(tensors[name]["data"]):
                    errors.append(f"{name}: numpy load differs from the raw bytes")
    if metadata != expected["metadata"]:
        errors.append(f"metadata {metadata} != {expected['metadata']}")
    if set(tensors) != set(expected["tensors"]):
        errors.append(f"names {sorted(tensors)} != {sorted(expected['tensors'])}")
    for name, want in expected["tensors"].items():
        got = tensors.get(name)
        if got is None:
            continue
        if got["dtype"] != want["dtype"] or list(got["shape"]) != want["shape"]:
            errors.append(f"{name}: {got['dtype']} {got['shape']} != {want['dtype']} {want['shape']}")
        elif bytes(got["data"]) != expected_bytes(want["dtype"], want["values"]):
            errors.append(f"{name}: values differ")
    if len(expected["metadata"]) <= 1 and not errors:
        buffers = {name: np.frombuffer(bytes(t["data"]), dtype=np.uint8) for name, t in tensors.items()}
        specs = {name: TensorSpec(dtype=SPEC_DTYPE[t["dtype"]], shape=list(t["shape"]),
                                  data_ptr=buffers[name].ctypes.data, data_len=buffers[name].nbytes)
                 for name, t in tensors.items()}
        again = bytes(serialize(specs, metadata=metadata or None))
        if again != data:
            errors.append(f"the package writes different bytes for the same tensors "
                          f"(header {again[8:8 + int.from_bytes(again[:8], 'little')]!r})")
    return errors


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path) as f:  # Swift's JSONEncoder writes -0.0 as "-0", an int to Python
        expected = json.load(f, parse_int=lambda s: -0.0 if s == "-0" else int(s))
    try:
        errors = check(path, expected)
    except Exception as e:  # the package rejected the file
        errors = [f"{type(e).__name__}: {e}"]
    for e in errors:
        print(f"{path}: {e}", file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"{path}: ok ({len(expected['tensors'])} tensors)")


if __name__ == "__main__":
    main()
