/// Metrics written in the Prometheus text exposition format, version 0.0.4 (`WS-METRICS-FORMAT`): for each
/// family a `# HELP` and a `# TYPE` line, then its samples, one a line, `name{label="value",…} value`, with label
/// values escaped (`WS-METRICS-LABEL-ESCAPE`) and histograms as cumulative `_bucket{le="…"}` series ending with
/// `le="+Inf"`, then `_sum` and `_count`.
///
/// ```swift
/// var exposition = PrometheusExposition()
/// exposition.append(server.counters)
/// exposition.append(eventLoopLag: server.eventLoopLag)
/// exposition.append(hub)
/// let body = exposition.text   // serve with `PrometheusExposition.contentType`
/// ```
///
/// `WebSocketServer.metricsText(including:)` does this for a server. Families of one's own can be added with
/// `family(_:_:help:)` and `sample(_:_:_:)`; names must be valid Prometheus names and each family written once.
public struct PrometheusExposition: Sendable {
    /// The `Content-Type` of the text format: `text/plain; version=0.0.4; charset=utf-8`.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// A family's type, as the `# TYPE` line names it.
    public enum MetricType: String, Sendable {
        /// Only goes up (resets when the process restarts); the name ends in `_total`.
        case counter
        /// Goes up and down.
        case gauge
        /// Observations counted in cumulative buckets, with their sum and count.
        case histogram
    }

    /// A sample's labels, in the order they are written.
    public typealias Labels = [(name: String, value: String)]

    /// The exposition so far: UTF-8 text, every line ended by a newline.
    public private(set) var text = ""

    /// An empty exposition.
    public init() {}

    /// Starts a family: writes its `# HELP` (escaped) and `# TYPE` lines. Its samples follow.
    /// - Precondition: `name` is a valid metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    public mutating func family(_ name: String, _ type: MetricType, help: String) {
        precondition(Self.isValidName(name), "invalid metric name \(name)")
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// Writes one sample of the current family.
    /// - Precondition: `name` and every label name are valid (`[a-zA-Z_][a-zA-Z0-9_]*` for labels).
    public mutating func sample(_ name: String, _ labels: Labels = [], _ value: Int) {
        writeSample(name, labels, String(value))
    }

    /// Writes one sample with a floating-point value (`+Inf`, `-Inf` and `NaN` as the format spells them).
    public mutating func sample(_ name: String, _ labels: Labels = [], _ value: Double) {
        writeSample(name, labels, Self.format(value))
    }

    /// Writes one histogram of the current family (`family(name, .histogram, …)`): a `name_bucket` sample per
    /// bound with the observations at most that bound, one for `+Inf` with all of them, then `name_sum` and
    /// `name_count`. `labels` go on every series, before `le`.
    /// - Precondition: `cumulativeCounts` holds one count per bound plus the `+Inf` one, never decreasing.
    public mutating func histogram(
        _ name: String, _ labels: Labels = [], upperBounds: [Double], cumulativeCounts: [Int], sum: Double
    ) {
        precondition(cumulativeCounts.count == upperBounds.count + 1, "one cumulative count per bound, and +Inf")
        precondition(zip(cumulativeCounts, cumulativeCounts.dropFirst()).allSatisfy { $0 <= $1 }, "counts must be cumulative")
        for (bound, count) in zip(upperBounds + [.infinity], cumulativeCounts) {
            writeSample(name + "_bucket", labels + [("le", Self.format(bound))], String(count))
        }
        writeSample(name + "_sum", labels, Self.format(sum))
        writeSample(name + "_count", labels, String(cumulativeCounts.last ?? 0))
    }

    private mutating func writeSample(_ name: String, _ labels: Labels, _ value: String) {
        precondition(Self.isValidName(name), "invalid metric name \(name)")
        text += name
        if !labels.isEmpty {
            text += "{"
            for (index, label) in labels.enumerated() {
                precondition(Self.isValidLabelName(label.name), "invalid label name \(label.name)")
                if index > 0 { text += "," }
                text += label.name + "=\"" + Self.escapeLabelValue(label.value) + "\""
            }
            text += "}"
        }
        text += " " + value + "\n"
    }

    /// A label value as the format quotes it: `\` as `\\`, `"` as `\"`, a line feed as `\n`; everything else
    /// (any UTF-8) as it is.
    public static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == 0x0A }) else {
            return value
        }
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Help text as the format writes it: `\` as `\\`, a line feed as `\n`.
    public static func escapeHelp(_ help: String) -> String {
        var escaped = ""
        for character in help.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A sample value or bound: `+Inf`, `-Inf`, `NaN`, or the shortest decimal that reads back as `value`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// Whether `name` is a valid metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    public static func isValidName(_ name: String) -> Bool {
        isValid(name, extra: UInt8(ascii: ":"))
    }

    /// Whether `name` is a valid label name: `[a-zA-Z_][a-zA-Z0-9_]*`.
    public static func isValidLabelName(_ name: String) -> Bool {
        isValid(name, extra: nil)
    }

    private static func isValid(_ name: String, extra: UInt8?) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return false }
        func letter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") || byte == extra
        }
        return letter(first) && bytes.allSatisfy { letter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }
}
