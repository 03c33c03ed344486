import MaskedDiffusion
import Terminal

/// The workbench application: panes wired to the engine (grows with the workbench issue).
public enum WorkbenchApp {}
