import MaskedDiffusion

/// Reply lines into `EngineMessage`s (docs/backend-protocol.md §4). Runs on the reader thread.
extension ProcessEngine {
    /// One chunk of stdout lines from the child of `generation`; steps of a chunk travel as one
    /// message per request, so a burst of fast steps is one inbox post. Lines are decoded outside
    /// the lock (a large vocabulary's hello takes a while), so the UI thread never waits on JSON.
    func receive(_ lines: [Substring], generation: Int) {
        // Only this reader thread counts lines of its generation, so the numbering holds.
        let first = connection.withLock { c -> Int? in
            guard c.generation == generation, !c.stopped else { return nil }
            defer { c.linesRead += lines.count }
            return c.linesRead + 1
        }
        guard let first else { return }
        let decoded = lines.enumerated().map { i, line in
            Result { () throws(BackendProtocolError) in try BackendCodec.decode(line, lineNumber: first + i) }
        }
        connection.withLock { c in
            guard c.generation == generation, !c.stopped else { return }
            for reply in decoded {
                switch reply {
                case let .success(reply): handle(reply, &c)
                case let .failure(error):
                    guard c.ready else {
                        // Before hello nothing else is understood: stop rather than guess.
                        return abandon(&c, "\(error) (a backend writes only protocol lines to stdout; logs go to stderr)")
                    }
                    inbox.post(.backend(.problem("\(error)")))
                }
            }
            flushSteps(&c)
        }
    }

    private func handle(_ reply: BackendReply, _ c: inout Connection) {
        switch reply {
        case let .hello(hello):
            if let first = c.hello,
                first.model != hello.model || first.vocabSize != hello.vocabSize || first.maskTokenId != hello.maskTokenId
            {
                return abandon(
                    &c, "the restarted backend serves \(hello.model), not \(first.model): restart unmask to switch models")
            }
            if c.hello == nil {
                c.hello = hello
                firstHello.signal()
            }
            c.ready = true
            inbox.post(.backend(.ready(model: hello.model, device: hello.device)))
        case let .step(id, step):
            guard case .sample(let tag, var pending)? = c.routes[id] else { return }
            pending.append(step)
            c.routes[id] = .sample(tag, pending: pending)
        case let .done(id, summary):
            switch c.routes[id] {
            case let .sample(tag, pending)?:
                if !pending.isEmpty { inbox.post(.samplingSteps(tag, pending, summary.statistics)) }
                inbox.post(.samplingFinished(tag, summary.statistics, seconds: summary.seconds, outcome: nil))
            case .elbo(var progress, _, let started)?:
                progress.finished = true
                progress.seconds = monotonicSeconds() - started
                inbox.post(.elbo(progress))
            case .predict?, .tokens?, nil: break
            }
            close(&c, id)
        case let .predictions(id, top):
            guard case .predict(let tag)? = c.routes[id] else { return }
            inbox.post(.predictions(tag, top))
            close(&c, id)
        case let .elboUnits(id, values, rows):
            guard case .elbo(var progress, let maxUnits, let started)? = c.routes[id] else { return }
            for v in values { progress.mean.add(v) }
            progress.networkRows += rows
            progress.seconds = monotonicSeconds() - started
            progress.finished = progress.mean.count >= maxUnits
            progress.history.append((progress.mean.count, progress.bitsPerToken, progress.bitsError))
            c.routes[id] = .elbo(progress, maxUnits: maxUnits, started: started)
            inbox.post(.elbo(progress))
        case let .pong(id):
            guard let ping = c.ping, ping.id == id else { return }
            c.ping = nil
            inbox.post(.backend(.roundTrip(monotonicSeconds() - ping.sent)))
        case let .cancelled(id):
            close(&c, id)
        case let .tokens(id, text):
            guard case .tokens? = c.routes[id] else { return }
            inbox.post(.backend(.tokenText(text)))
            close(&c, id)
        case let .error(id, code, message):
            let text = "backend \(code): \(message)"
            switch id.flatMap({ c.routes[$0] }) {
            case let .sample(tag, _)?: inbox.post(.samplingFailed(tag, text))
            case let .elbo(progress, _, _)?: inbox.post(.elboFailed(request: progress.request, text))
            case .predict?, .tokens?, nil: inbox.post(.backend(.problem(text)))
            }
            if let id { close(&c, id) }
        }
    }

    /// Posts the steps each sample received in this chunk.
    private func flushSteps(_ c: inout Connection) {
        for (id, route) in c.routes {
            guard case let .sample(tag, pending) = route, !pending.isEmpty else { continue }
            inbox.post(.samplingSteps(tag, pending, SamplerStatistics()))
            c.routes[id] = .sample(tag, pending: [])
        }
    }
}
