/// The Unmask release this engine belongs to; printed by `unmask --version` and written into
/// checkpoints' `config.json` so a file says which code wrote it.
public let unmaskVersion = "0.1.0"
