/// One row of a key-binding table. Bindings are data: the help overlay and the key-hint bar are
/// generated from the same table the loop dispatches on, so they never disagree.
public struct KeyBinding<Action: Hashable & Sendable>: Sendable {
    public var key: Key
    public var action: Action
    /// What the action does, in a few words ("next tab").
    public var help: String
    /// Heading in the help overlay ("Navigation").
    public var group: String
    /// Shown in the key-hint bar (the first binding of an action decides).
    public var showsInHintBar: Bool

    public init(key: Key, action: Action, help: String, group: String, hint: Bool = false) {
        self.key = key
        self.action = action
        self.help = help
        self.group = group
        showsInHintBar = hint
    }
}

/// A binding table with lookup, and the rows help and hints are drawn from.
public struct KeyMap<Action: Hashable & Sendable>: Sendable {
    public let bindings: [KeyBinding<Action>]
    private let byKey: [Key: Action]

    /// Later bindings of the same key are ignored: the first one wins, as it does in the help.
    public init(_ bindings: [KeyBinding<Action>]) {
        self.bindings = bindings
        var map: [Key: Action] = [:]
        for b in bindings where map[b.key] == nil { map[b.key] = b.action }
        byKey = map
    }

    public func action(for key: Key) -> Action? { byKey[key] }

    /// Groups in first-appearance order, each with its actions in first-appearance order.
    public var helpSections: [(group: String, entries: [KeyMapEntry])] {
        var order: [String] = []
        var entries: [String: [KeyMapEntry]] = [:]
        var seen: [Action: (group: String, index: Int)] = [:]
        for b in bindings {
            if let s = seen[b.action] {
                entries[s.group]![s.index].keys += " / " + b.key.description
                continue
            }
            if entries[b.group] == nil { order.append(b.group); entries[b.group] = [] }
            seen[b.action] = (b.group, entries[b.group]!.count)
            entries[b.group]!.append(KeyMapEntry(keys: b.key.description, help: b.help))
        }
        return order.map { ($0, entries[$0]!) }
    }

    /// Hint entries for `actions`, in that order, each with the key and help of its first
    /// binding (for hint bars that change with the app's context).
    public func hints(for actions: [Action]) -> [KeyMapEntry] {
        actions.compactMap { action in
            bindings.first { $0.action == action }.map { KeyMapEntry(keys: $0.key.description, help: $0.help) }
        }
    }

    /// The key-hint bar's entries: actions whose first binding is flagged `hint`, each with the
    /// key of that first binding only (the bar is for the short form; help lists every key).
    public var hints: [KeyMapEntry] {
        var seen = Set<Action>()
        var result: [KeyMapEntry] = []
        for b in bindings where seen.insert(b.action).inserted && b.showsInHintBar {
            result.append(KeyMapEntry(keys: b.key.description, help: b.help))
        }
        return result
    }
}

/// One help row: every key bound to an action, joined ("q / Ctrl-C"), and what it does.
public struct KeyMapEntry: Hashable, Sendable {
    public var keys: String
    public var help: String

    public init(keys: String, help: String) {
        self.keys = keys
        self.help = help
    }
}
