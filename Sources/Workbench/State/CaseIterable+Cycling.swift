extension CaseIterable where Self: Equatable {
    /// The case `steps` places after this one in `allCases`, wrapping around (negative steps go
    /// back): how every enum-valued knob, tab and toggle steps through its values.
    func cycled(by steps: Int) -> Self {
        let all = Array(Self.allCases)
        let n = all.count
        return all[((all.firstIndex(of: self)! + steps) % n + n) % n]
    }
}
