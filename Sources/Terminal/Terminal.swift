/// The terminal layer: cells, buffers, backends, input and widgets. Only this module imports ncurses.
public enum TerminalLayer {}
