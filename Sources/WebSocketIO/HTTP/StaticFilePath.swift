/// The containment rules of `StaticFiles` (`WS-HTTP-STATIC-CONTAINED`), on the request path alone: which relative
/// path under the root a request names, or why it names none. The file system's part (symbolic links leading out)
/// is checked by `StaticFiles` after this.
enum StaticFilePath: Equatable {
    /// The path relative to the root, as segments (empty for the root itself).
    case file([String])
    /// Refused outright (403): traversal, encoded separators or dots, backslashes, NUL, malformed escapes.
    case forbidden
    /// Not served (404): a hidden segment (starting with `.`).
    case hidden

    /// What `path` (the request-target's path, before `?`) names.
    init(_ path: String) {
        guard path.hasPrefix("/") else {
            self = .forbidden
            return
        }
        let lowered = path.lowercased()
        // Encoded dots, slashes, backslashes and NUL are never needed to name a file under the root, and each is a
        // classic way around a naive check: refuse them before decoding.
        for encoded in ["%2e", "%2f", "%5c", "%00"] where lowered.contains(encoded) {
            self = .forbidden
            return
        }
        guard let decoded = PercentDecoding.string(path), !decoded.contains("\\"), !decoded.contains("\0") else {
            self = .forbidden
            return
        }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == ".." || segment == "." {
                self = .forbidden
                return
            }
            if segment.hasPrefix(".") {
                self = .hidden
                return
            }
            segments.append(String(segment))
        }
        self = .file(segments)
    }
}
