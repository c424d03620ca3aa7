import WebSocketIO

/// `ws serve --static DIR`: plain GET and HEAD requests are answered from a directory (`StaticFiles`).
enum ServeStaticOptions {
    static let valueOptions: Set<String> = ["static"]

    static let usage = """
          --static DIR serves the files under DIR to GET and HEAD (a directory answers its index.html, so / serves
          DIR/index.html instead of the demo page); paths that escape DIR (.., %2e%2e, symbolic links out) are
          refused with 403 or 404. /stats stays the server's.
        """

    /// The directory to serve, if `--static` names one (it must exist).
    static func files(_ options: CommandLineArguments) throws -> StaticFiles? {
        guard let directory = options.value("static") else { return nil }
        do {
            return try StaticFiles(directory: directory)
        } catch {
            throw CommandLineArguments.ParseError(description: "--static: \(error)")
        }
    }
}
