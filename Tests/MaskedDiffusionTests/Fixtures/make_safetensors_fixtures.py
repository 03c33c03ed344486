#!/usr/bin/env python3
"""Writes the safetensors fixtures that SafetensorsTests reads, using the Python `safetensors`
package (0.8, numpy API) so the Swift reader is tested against files the reference writes.

    python3 Tests/MaskedDiffusionTests/Fixtures/make_safetensors_fixtures.py

Outputs, in safetensors/ beside this script (a few KB, committed):
  dtypes.safetensors    F32, F16, BF16, F64, I64, I32, U8 and BOOL tensors with HF-style names,
                        a rank-0 scalar, an empty [0, 4] tensor and __metadata__ {"format": "pt"}
                        (one key: the reference stores metadata in a HashMap, so with several
                        keys their order, and hence the file's bytes, would change per run).
  rounding.safetensors  `source` F32 values chosen to exercise rounding (ties, overflow,
                        subnormals, ±inf, NaN) and the same values as `as_f16` (numpy's
                        float32→float16) and `as_bf16` (round to nearest even, PyTorch's rule).
  empty.safetensors     a file with no tensors at all.
  expected.json         every tensor of dtypes.safetensors: dtype, shape and exact values, in
                        the format check_safetensors.py reads.

NumPy has no bfloat16, so BF16 tensors are uint16 bit patterns handed to the package's own
serializer as `TensorSpec(dtype="bfloat16", …)`: the package, not this script, writes the header.
If PyTorch is importable (here, or the venv at /work/torch-venv), the BF16 rounding is also
checked against torch's float32→bfloat16 conversion; torch is never required.
"""
import json
import os
import subprocess
import sys

import numpy as np
from safetensors import TensorSpec, serialize_file

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "safetensors")
TORCH_VENV_PYTHON = "/work/torch-venv/bin/python"


def bf16_bits(values):
    """float32 → bfloat16 bit patterns, round to nearest even; NaN → 0x7FC0 (as PyTorch)."""
    bits = np.asarray(values, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    return np.where(np.isnan(np.asarray(values, dtype=np.float32)), np.uint16(0x7FC0), rounded)


def bf16_values(bits):
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def save(path, tensors, metadata=None):
    """tensors: name → numpy array, or ("bfloat16", uint16 array) for BF16."""
    specs, alive = {}, []
    for name, value in tensors.items():
        dtype, array = value if isinstance(value, tuple) else (value.dtype.name, value)
        array = np.array(array, order="C", copy=True)  # (ascontiguousarray turns a scalar into [1])
        alive.append(array)
        specs[name] = TensorSpec(dtype=dtype, shape=list(array.shape), data_ptr=array.ctypes.data, data_len=array.nbytes)
    serialize_file(specs, path, metadata=metadata)


def exact(array):
    """Values as JSON numbers that convert back to the stored values exactly."""
    return [float(v) if array.dtype.kind == "f" else int(v) for v in array.reshape(-1)]


def make_dtypes():
    f32 = np.array([[0.0, -0.0, 1.0, -1.5], [1.0 / 3.0, 1e-30, 3.4e38, -2.0 ** -126],
                    [np.pi, -np.e, 0.1, 123456.789]], dtype=np.float32)
    f16 = np.array([1.0, -2.5, 0.1, 65504.0, 2.0 ** -24], dtype=np.float16)  # max and smallest subnormal
    bf16 = bf16_bits(np.array([[1.0, -0.15625, 3.0e38], [1.0 / 3.0, -7.0, 2.0 ** -133]], dtype=np.float32))
    f64 = np.array([0.5, -1.25, float(np.float32(0.1))], dtype=np.float64)  # values a Float holds exactly
    tensors = {
        "model.embed_tokens.weight": f32,
        "model.norm.weight": f16,
        "lm_head.weight": ("bfloat16", bf16),
        "model.layers.0.scale": f64,
        "input_ids": np.array([[-1, 0, 1], [2 ** 40, 126080, 3]], dtype=np.int64),
        "positions": np.array([0, 1, -2147483648, 2147483647], dtype=np.int32),
        "pixels": np.array([0, 1, 128, 255], dtype=np.uint8),
        "attention_mask": np.array([[True, False], [False, True]]),
        "temperature": np.array(0.7, dtype=np.float32),
        "empty": np.zeros((0, 4), dtype=np.float32),
    }
    metadata = {"format": "pt"}
    save(os.path.join(OUT, "dtypes.safetensors"), tensors, metadata)
    expected = {}
    for name, value in tensors.items():
        if isinstance(value, tuple):
            dtype, values = "BF16", bf16_values(value[1])
        else:
            dtype, values = {"float32": "F32", "float16": "F16", "float64": "F64", "int64": "I64",
                             "int32": "I32", "uint8": "U8", "bool": "BOOL"}[value.dtype.name], value
        values = np.asarray(values)
        expected[name] = {"dtype": dtype, "shape": list(values.shape), "values": exact(values)}
    return {"metadata": metadata, "tensors": expected}


def make_rounding():
    source = np.array([
        0.0, -0.0, 1.0, 1.0 + 2.0 ** -8, 1.0 + 3 * 2.0 ** -8, 1.0 + 2.0 ** -8 + 2.0 ** -20,  # bf16 ties
        1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11,                                              # f16 ties
        65504.0, 65519.0, 65520.0, 1e-8, 3e-8, 6.1e-5, 3.4e38, 3.3961776e38, 1e-40,
        np.inf, -np.inf, np.nan, np.pi, -np.pi, 0.1, -1234.5678,
    ], dtype=np.float32)
    with np.errstate(over="ignore"):  # 65520 and 3.4e38 overflow to inf on purpose
        f16 = source.astype(np.float16)
    bf16 = bf16_bits(source)
    check_bf16_against_torch(source, bf16)
    save(os.path.join(OUT, "rounding.safetensors"), {"source": source, "as_f16": f16, "as_bf16": ("bfloat16", bf16)})


def check_bf16_against_torch(source, bf16):
    """Cross-checks bf16_bits with torch when some Python here has it (never required)."""
    code = ("import sys, json, torch; s = torch.tensor(json.loads(sys.stdin.read()), dtype=torch.float32);"
            "print(json.dumps(s.to(torch.bfloat16).view(torch.int16).tolist()))")
    payload = json.dumps([float(v) if np.isfinite(v) else str(v) for v in source])
    payload = payload.replace('"nan"', "NaN").replace('"inf"', "Infinity").replace('"-inf"', "-Infinity")
    for python in (sys.executable, TORCH_VENV_PYTHON):
        if not os.path.exists(python):
            continue
        result = subprocess.run([python, "-c", code], input=payload, capture_output=True, text=True)
        if result.returncode == 0:
            torch_bits = np.array(json.loads(result.stdout), dtype=np.int64).astype(np.uint16)
            # NaN bits are not compared: torch's vectorised CPU cast gives 0xFFFF, its scalar
            # cast (c10 round_to_nearest_even) 0x7FC0, which is what we write.
            same = (torch_bits == bf16) | (np.isnan(bf16_values(torch_bits)) & np.isnan(bf16_values(bf16)))
            assert same.all(), f"bf16 rounding differs from torch: {torch_bits} vs {bf16}"
            print(f"bf16 rounding matches torch ({python})")
            return
    print("torch not available: bf16 rounding not cross-checked")


def format_expected(expected):
    """JSON with one tensor per line, so the file reads like a table."""
    files = []
    for file, spec in sorted(expected.items()):
        tensors = ",\n".join(f"    {json.dumps(name)}: {json.dumps(t, sort_keys=True)}" for name, t in sorted(spec["tensors"].items()))
        body = f'  {json.dumps(file)}: {{\n   "metadata": {json.dumps(spec["metadata"])},\n   "tensors": {{'
        files.append(body + (f"\n{tensors}\n   }}\n  }}" if tensors else "}\n  }"))
    return "{\n" + ",\n".join(files) + "\n}\n"


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"dtypes.safetensors": make_dtypes(), "empty.safetensors": {"metadata": {}, "tensors": {}}}
    make_rounding()
    save(os.path.join(OUT, "empty.safetensors"), {})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        f.write(format_expected(expected))
    checker = os.path.join(HERE, "check_safetensors.py")
    for name, spec in expected.items():
        single = os.path.join(OUT, f".{name}.expected.json")
        with open(single, "w") as f:
            json.dump(spec, f)
        try:
            subprocess.run([sys.executable, checker, os.path.join(OUT, name), single], check=True)
        finally:
            os.remove(single)


if __name__ == "__main__":
    main()
