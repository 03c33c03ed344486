import RunLog

extension CurveSeries {
    /// One series per wanted metric from metric records (an in-process run's
    /// `RoundReport.records()`, or metrics.jsonl rows), in `metrics` order (keys in the records),
    /// each named by its shared name (`MetricAliases`: `reward/mean` → `reward`, `clip_frac` →
    /// `clip_ratio`), the name `unmask watch` gives the same run. Records without the key are
    /// skipped; a metric no record has yields no series (so no empty chart).
    static func fromRecords(
        _ records: [MetricsRecord], metrics: [String], aliases: MetricAliases = .standard, run: String = ""
    ) -> [CurveSeries] {
        metrics.compactMap { key in
            let points = records.compactMap { r in r[key].map { CurvePoint(step: r.step, value: $0) } }
            return points.isEmpty ? nil : CurveSeries(name: aliases.canonicalName(for: key), run: run, points: points)
        }
    }
}
