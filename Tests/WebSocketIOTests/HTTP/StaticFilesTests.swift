import Foundation
import Testing
@testable import WebSocketIO

/// `StaticFiles` over loopback, on a real directory with symbolic links in and out (`Spec/http-server.md`).
@Suite("Static files", .timeLimit(.minutes(1)))
struct StaticFilesTests {
    /// A temporary tree: `site/` (served) beside `outside/` (not served), removed by the caller.
    static func makeTree() throws -> (base: URL, site: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ws-static-\(UUID().uuidString)")
        let site = base.appendingPathComponent("site")
        let files = FileManager.default
        try files.createDirectory(at: site.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try files.createDirectory(at: base.appendingPathComponent("outside"), withIntermediateDirectories: true)
        try Data("<h1>home</h1>".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("body{}".utf8).write(to: site.appendingPathComponent("style.css"))
        try Data("{\"a\":1}".utf8).write(to: site.appendingPathComponent("data.json"))
        try Data("sub page".utf8).write(to: site.appendingPathComponent("sub/index.html"))
        try Data("hidden".utf8).write(to: site.appendingPathComponent(".secret"))
        try Data("root:x:0:0".utf8).write(to: base.appendingPathComponent("outside/passwd"))
        try files.createSymbolicLink(
            atPath: site.appendingPathComponent("link-out").path, withDestinationPath: base.appendingPathComponent("outside/passwd").path)
        try files.createSymbolicLink(atPath: site.appendingPathComponent("link-in").path, withDestinationPath: "style.css")
        return (base, site.path)
    }

    @Test("WS-HTTP-STATIC: GET serves files with their content type, a directory its index.html; missing is 404, other methods 405")
    func servesFiles() async throws {
        let tree = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: tree.base) }
        let files = try StaticFiles(directory: tree.site)
        try await withServer(try TestServer.http { files.respond(to: $0) }) { server in
            let raw = try await server.raw()
            let cases: [(String, Int, String?, String?)] = [
                ("/", 200, "text/html; charset=utf-8", "<h1>home</h1>"),
                ("/style.css", 200, "text/css; charset=utf-8", "body{}"),
                ("/data.json?x=1", 200, "application/json", "{\"a\":1}"),
                ("/sub", 200, "text/html; charset=utf-8", "sub page"),
                ("/sub/", 200, nil, "sub page"),
                ("/link-in", 200, "text/css; charset=utf-8", "body{}"),
                ("/missing.html", 404, nil, nil),
            ]
            for (path, status, type, body) in cases {
                try await raw.write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let response = try await raw.readResponse()
                #expect(response.status == status, "\(path)")
                if let type { #expect(response.headers.first("Content-Type") == type, "\(path)") }
                if let body { #expect(response.bodyText == body, "\(path)") }
            }
            try await raw.write("POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
            let post = try await raw.readResponse()
            #expect(post.status == 405)
            #expect(post.headers.first("Allow") == "GET, HEAD")
            try await raw.write("HEAD /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let head = String(decoding: try await raw.readToEnd().bytes, as: UTF8.self)
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: 6\r\n"))
            #expect(head.hasSuffix("\r\n\r\n"), "no body for HEAD")
        }
    }

    @Test("WS-HTTP-STATIC-CONTAINED: .., encoded dots and slashes, backslashes, hidden files and symbolic links out never reach a file outside")
    func containment() async throws {
        let tree = try Self.makeTree()
        defer { try? FileManager.default.removeItem(at: tree.base) }
        let files = try StaticFiles(directory: tree.site)
        try await withServer(try TestServer.http { files.respond(to: $0) }) { server in
            let raw = try await server.raw()
            let cases: [(String, Int)] = [
                ("/../outside/passwd", 403), ("/sub/../../outside/passwd", 403), ("/sub/../index.html", 403),
                ("/./index.html", 403), ("/%2e%2e/outside/passwd", 403), ("/%2E%2E%2Foutside%2Fpasswd", 403),
                ("/..%2foutside/passwd", 403), ("/sub%5c..%5c..%5coutside", 403), ("/a\\..\\b", 403), ("/%zz", 403),
                ("/index.html%00.css", 403), ("/.secret", 404), ("/sub/.secret", 404), ("/link-out", 404),
            ]
            for (path, status) in cases {
                try await raw.write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let response = try await raw.readResponse()
                #expect(response.status == status, "\(path)")
                #expect(!response.bodyText.contains("root:x"), "\(path)")
            }
        }
        #expect(throws: StaticFiles.DirectoryError.self) { try StaticFiles(directory: tree.site + "/style.css") }
        #expect(throws: StaticFiles.DirectoryError.self) { try StaticFiles(directory: tree.site + "/nope") }
    }
}
