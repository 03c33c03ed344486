/// One scalar read from a TensorBoard event file: a tagged value at a training step.
public struct ScalarPoint: Sendable, Equatable {
    /// The tag as written (e.g. "train/loss"); `MetricAliases` maps it to a shared name.
    public var tag: String
    public var step: Int
    /// Seconds since the Unix epoch.
    public var wallTime: Double
    public var value: Double

    public init(tag: String, step: Int, wallTime: Double, value: Double) {
        self.tag = tag
        self.step = step
        self.wallTime = wallTime
        self.value = value
    }
}
