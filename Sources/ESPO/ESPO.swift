/// Sequence-level RL for masked-diffusion language models (ESPO) and its token-level baselines.
public enum ESPOLibrary {}
