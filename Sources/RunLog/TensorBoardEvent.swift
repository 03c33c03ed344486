/// One `Event` record of a TensorBoard event file (tensorboard/compat/proto/event.proto),
/// with only the fields a metric monitor reads; every other field is skipped on decode.
///
/// Field numbers: Event { wall_time 1 double, step 2 int64, file_version 3 string,
/// summary 5 Summary }; Summary { repeated value 1 }; Summary.Value { tag 1, simple_value 2
/// float, tensor 8 TensorProto, metadata 9 SummaryMetadata }; SummaryMetadata { plugin_data 1
/// { plugin_name 1 }, data_class 4 }.
struct TensorBoardEvent: Equatable {
    var wallTime: Double = 0
    var step: Int64 = 0
    /// Set only on a file's first record, to "brain.Event:2".
    var fileVersion: String?
    var values: [Value] = []

    /// A `Summary.Value`: a tagged scalar (old style) or tensor, with optional plugin metadata.
    struct Value: Equatable {
        var tag: String
        var simpleValue: Float?
        var tensor: TensorBoardTensor?
        /// `metadata.plugin_data.plugin_name`, e.g. "scalars"; usually only on a tag's first value.
        var pluginName: String?
        /// `metadata.data_class` (1 = scalar), written by newer TensorBoard summary APIs.
        var dataClass: Int64?

        init(
            tag: String, simpleValue: Float? = nil, tensor: TensorBoardTensor? = nil, pluginName: String? = nil,
            dataClass: Int64? = nil
        ) {
            self.tag = tag
            self.simpleValue = simpleValue
            self.tensor = tensor
            self.pluginName = pluginName
            self.dataClass = dataClass
        }
    }

    init(wallTime: Double, step: Int64 = 0, fileVersion: String? = nil, values: [Value] = []) {
        self.wallTime = wallTime
        self.step = step
        self.fileVersion = fileVersion
        self.values = values
    }

    init(decoding bytes: ArraySlice<UInt8>) throws(ProtobufError) {
        var decoder = ProtobufDecoder(bytes)
        while let (field, value) = try decoder.next() {
            switch field {
            case 1: wallTime = value.double ?? 0
            case 2: step = value.int64 ?? 0
            case 3: fileVersion = value.string
            case 5: if let summary = value.bytes { try Self.decodeSummary(summary, into: &values) }
            default: break
            }
        }
    }

    var encoded: [UInt8] {
        var out = ProtobufEncoder()
        out.double(1, wallTime)
        if step != 0 { out.varint(2, step) }
        if let fileVersion { out.string(3, fileVersion) }
        if !values.isEmpty {
            out.message(5) { summary in
                for v in values { summary.message(1) { v.encode(into: &$0) } }
            }
        }
        return out.bytes
    }

    private static func decodeSummary(_ bytes: ArraySlice<UInt8>, into values: inout [Value]) throws(ProtobufError) {
        var decoder = ProtobufDecoder(bytes)
        while let (field, value) = try decoder.next() {
            if field == 1, let v = value.bytes { values.append(try Value(decoding: v)) }
        }
    }
}

extension TensorBoardEvent.Value {
    init(decoding bytes: ArraySlice<UInt8>) throws(ProtobufError) {
        self.init(tag: "")
        var decoder = ProtobufDecoder(bytes)
        while let (field, value) = try decoder.next() {
            switch field {
            case 1: tag = value.string ?? ""
            case 2: simpleValue = value.float
            case 8: if let t = value.bytes { tensor = try TensorBoardTensor(decoding: t) }
            case 9: if let m = value.bytes { try decodeMetadata(m) }
            default: break
            }
        }
    }

    private mutating func decodeMetadata(_ bytes: ArraySlice<UInt8>) throws(ProtobufError) {
        var decoder = ProtobufDecoder(bytes)
        while let (field, value) = try decoder.next() {
            switch field {
            case 1:
                var plugin = ProtobufDecoder(value.bytes ?? [])
                while let (f, v) = try plugin.next() {
                    if f == 1 { pluginName = v.string }
                }
            case 4: dataClass = value.int64
            default: break
            }
        }
    }

    func encode(into out: inout ProtobufEncoder) {
        out.string(1, tag)
        if let simpleValue { out.float(2, simpleValue) }
        if let tensor { out.message(8) { tensor.encode(into: &$0) } }
        if pluginName != nil || dataClass != nil {
            out.message(9) { metadata in
                if let pluginName { metadata.message(1) { $0.string(1, pluginName) } }
                if let dataClass { metadata.varint(4, dataClass) }
            }
        }
    }
}
