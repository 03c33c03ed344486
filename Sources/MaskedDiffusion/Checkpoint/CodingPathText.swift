/// A decoder's coding path as error messages write it. Two styles, by file: checkpoint JSON and
/// preferences dot everything (`layers.0.size`, as Hugging Face tools name config fields);
/// trajectories and saved workbench states bracket elements (`rows[0].tokens`, as jq does).
public enum CodingPathText {
    /// `a.0.b`
    public static func dotted(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// `a[0].b`
    public static func bracketed(_ keys: [any CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
        }
        return out
    }
}
