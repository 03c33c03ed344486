import MaskedDiffusion
import RunLog
import Terminal
import Testing

@testable import Workbench

/// Each pane on crafted data, so the snapshots do not depend on a model or on timing.
struct PaneSnapshotTests {
    @Test func timeline() {
        let pane = TimelinePane(
            step: 5, total: 16, finished: true, playing: false, speed: 8,
            branches: [
                .init(name: "main", forkStep: 0, steps: 16, finished: true),
                .init(name: "b1", forkStep: 4, steps: 16, finished: true)
            ], current: 1, theme: .default)
        expectSnapshot(draw(width: 60, height: 2) { pane.render(in: $0.area, buffer: &$0) }, named: "PaneTimeline")
    }

    @Test func scheduleEditorShowsKnobsAndPlan() {
        var c = SamplerConfig.defaults(for: .llada)
        c.generationLength = 16
        c.steps = 8
        c.blockLength = 4
        let pane = SchedulePane(config: c, seed: 7, selected: 2, theme: .default)
        #expect(pane.plan.masked == [16, 14, 12, 10, 8, 6, 4, 2, 0])
        expectSnapshot(draw(width: 38, height: 24) { pane.render(in: $0.area, buffer: &$0) }, named: "PaneSchedule")
    }

    /// With a cache the editor adds the compute the plan costs and what it saves: blocks of 4 over
    /// a prompt of 11 + 16, two steps each, dual: 4 × (1 + 4/27) = 4.6 passes of 8 (−43%).
    @Test func scheduleEditorShowsTheCacheSaving() {
        var c = SamplerConfig.defaults(for: .llada)
        c.generationLength = 16
        c.steps = 8
        c.blockLength = 4
        c.cache = .dual
        let pane = SchedulePane(config: c, seed: 7, selected: 0, theme: .default, promptLength: 11)
        let text = draw(width: 38, height: 30) { pane.render(in: $0.area, buffer: &$0) }.lines.joined(separator: "\n")
        #expect(text.contains("cache         dual"))
        #expect(text.contains("compute 4.6 passes (−43%)"))
    }

    @Test func elboPaneShowsMeanAndError() {
        var mean = RunningMean()
        var history: [(units: Int, bits: Double, error: Double)] = []
        for i in 0..<40 {
            mean.add(20 + Double(i % 7) - 3)
            if i > 1 {
                history.append((i + 1, mean.mean / (16 * 0.6931471805599453), mean.standardError / (16 * 0.6931471805599453)))
            }
        }
        let progress = ELBOProgress(
            request: 1, estimator: .espo, mean: mean, tokens: 16, networkRows: 640, seconds: 1.5,
            finished: true, history: history)
        let pane = ELBOPane(
            estimator: .espo, target: "final sequence of main", running: false, progress: progress,
            maxUnits: 40, theme: .default)
        expectSnapshot(draw(width: 100, height: 14) { pane.render(in: $0.area, buffer: &$0) }, named: "PaneELBO")
    }

    @Test func trainingPaneShowsSettingsCurvesAndCompletions() {
        var state = TrainingState(model: "countdown", runRoot: "runs")
        state.round = 12
        state.status = "espo running"
        state.records = (0..<48).map { s in
            let x = Double(s)
            var values: [(String, Double)] = [("reward/mean", 0.5 + 0.004 * x), ("success", 0.45 + 0.004 * x)]
            values.append(("kl", 0.0001 * x))
            values.append(("clip_frac", s % 4 == 0 ? 0.02 : 0))
            values.append(("elbo_per_token", -0.2 + 0.001 * x))
            if s % 16 == 0 { values.append(("eval/success", 0.55 + 0.001 * x)) }
            return MetricsRecord(step: s, wallTime: x, values: values)
        }
        state.samples = [("97 64 44=77", "<answer>44+97-64</answer>", 1), ("7 41 18=52", "<answer>18+41+7</answer>", 0.1)]
        let pane = TrainingPane(state: state, theme: .default)
        expectSnapshot(draw(width: 118, height: 30) { pane.render(in: $0.area, buffer: &$0) }, named: "PaneTraining")
    }

    @Test func modelsPaneMarksTheLoadedModel() {
        let pane = ModelsPane(
            entries: [
                .init(name: "countdown", path: "Examples/models/countdown"),
                .init(name: "glyphs", path: "Examples/models/glyphs")
            ],
            selected: 1, loaded: "countdown", theme: .default)
        expectSnapshot(draw(width: 60, height: 6) { pane.render(in: $0.area, buffer: &$0) }, named: "PaneModels")
    }
}
