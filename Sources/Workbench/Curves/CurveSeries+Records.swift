import RunLog

extension CurveSeries {
    /// One series per wanted metric from metric records (an in-process run's
    /// `RoundReport.records()`, or metrics.jsonl rows), in `metrics` order: `name` is the key
    /// in the records, `title` the chart's name. Records without the key are skipped; a
    /// metric no record has yields no series (so no empty chart).
    static func fromRecords(_ records: [MetricsRecord], metrics: [(name: String, title: String)], run: String = "")
        -> [CurveSeries]
    {
        metrics.compactMap { metric in
            let points = records.compactMap { r in r[metric.name].map { CurvePoint(step: r.step, value: $0) } }
            return points.isEmpty ? nil : CurveSeries(name: metric.title, run: run, points: points)
        }
    }
}
