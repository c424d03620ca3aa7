#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Serves the files under one directory to GET and HEAD requests (`WS-HTTP-STATIC`), never a file outside it
/// (`WS-HTTP-STATIC-CONTAINED`): use it as (part of) a server's HTTP handler.
///
/// ```swift
/// let files = try StaticFiles(directory: "public")
/// let server = try WebSocketServer.start(host: "127.0.0.1", port: 8080, handleHTTP: { request in
///     request.path == "/health" ? HTTPResponse(status: 200, text: "ok") : files.respond(to: request)
/// }) { _ in ChatDelegate() }
/// ```
///
/// A directory answers its `index.html`; the content type follows the extension. Paths with `..`, encoded dots or
/// slashes, backslashes or NUL are 403; hidden files (a segment starting with `.`), missing files and symbolic
/// links that resolve outside the directory are 404; other methods 405 with `Allow: GET, HEAD`; files larger than
/// `maximumFileSize` 403. Files are read whole when requested (this serves a demo page or a small app, not a CDN).
public struct StaticFiles: Sendable {
    /// The directory served, with symbolic links resolved.
    public let root: String
    /// The largest file served. Default 16 MiB.
    public var maximumFileSize: Int

    /// Why a directory cannot be served.
    public struct DirectoryError: Error, Sendable, CustomStringConvertible {
        /// The path given.
        public var path: String
        /// What is wrong with it.
        public var description: String
    }

    /// Serves `directory` (which must exist and be a directory).
    public init(directory: String, maximumFileSize: Int = 16 << 20) throws(DirectoryError) {
        guard let resolved = Self.realPath(directory) else {
            throw DirectoryError(path: directory, description: "\(directory): no such directory")
        }
        guard Self.isDirectory(resolved) else {
            throw DirectoryError(path: directory, description: "\(directory): not a directory")
        }
        root = resolved
        self.maximumFileSize = maximumFileSize
    }

    /// The response to `request`: the file it names, or the refusal.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: ["Allow": "GET, HEAD"], text: "method not allowed\n")
        }
        switch StaticFilePath(request.path) {
        case .forbidden:
            return HTTPResponse(status: 403, text: "forbidden\n")
        case .hidden:
            return .notFound
        case .file(let segments):
            return serve(segments)
        }
    }

    private func serve(_ segments: [String]) -> HTTPResponse {
        var candidate = ([root] + segments).joined(separator: "/")
        if Self.isDirectory(candidate) { candidate += "/index.html" }
        // Symbolic links are resolved, and the result must still be under the root.
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard let resolved = Self.realPath(candidate), resolved.hasPrefix(prefix) else { return .notFound }
        let descriptor = open(resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return .notFound }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return .notFound }
        guard Int(status.st_size) <= maximumFileSize else { return HTTPResponse(status: 403, text: "file too large\n") }
        var body = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < body.count {
            let count = body.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return HTTPResponse(status: 500, text: "read failed\n") }
            filled += count
        }
        let name = resolved.split(separator: "/").last.map(String.init) ?? ""
        return HTTPResponse(
            status: 200, reason: "OK", headers: ["Content-Type": StaticFileMediaType.of(name)], body: body)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
