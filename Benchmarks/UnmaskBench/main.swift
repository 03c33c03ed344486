import MaskedDiffusion
print("unmask-bench \(unmaskVersion)")
