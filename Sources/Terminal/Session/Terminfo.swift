import CNcurses

/// Reads terminfo facts without initialising a screen (nothing is written to the terminal).
public enum Terminfo {
    /// Facts for `name`, or nil if the database has no such entry (or it is generic).
    public static func probe(_ name: String, fd: Int32 = 1) -> TerminfoFacts? {
        let f = tui_probe_terminfo(name, fd)
        guard f.status == 1 else { return nil }
        return TerminfoFacts(name: name, hasRGB: f.rgb != 0, colors: Int(f.colours), canAddressCursor: f.cursor_addr != 0)
    }
}
