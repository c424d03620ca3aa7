/// The hosts that bypass a proxy, as curl reads `no_proxy`: a comma-separated list where `*` alone matches every
/// host, a name matches itself and its subdomains (a leading dot is optional: `example.com` and `.example.com`
/// both match `example.com` and `a.example.com`), and an IP address matches only itself. Case-insensitive; an
/// entry's `:port` is ignored; IPv6 entries may be bracketed.
public struct NoProxyList: Sendable, Hashable {
    /// The entries, lower-cased, without leading dots, brackets or ports.
    public let entries: [String]
    /// True when the list is `*`.
    public let matchesEverything: Bool

    /// Parses a `no_proxy` value.
    public init(_ value: String) {
        var entries: [String] = []
        var everything = false
        for raw in value.split(separator: ",") {
            var entry = Substring(String(raw).trimmingASCIIWhitespace()).lowercased()[...]
            if entry == "*" {
                everything = true
                continue
            }
            if entry.hasPrefix("[") {
                guard let close = entry.firstIndex(of: "]") else { continue }
                entry = entry[entry.index(after: entry.startIndex)..<close]
            } else if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") {
                entry = entry[..<colon]
            }
            while entry.hasPrefix(".") { entry = entry.dropFirst() }
            while entry.hasSuffix(".") { entry = entry.dropLast() }
            if !entry.isEmpty { entries.append(String(entry)) }
        }
        self.entries = entries
        self.matchesEverything = everything
    }

    /// Whether connections to `host` go direct.
    public func matches(host: String) -> Bool {
        if matchesEverything { return true }
        var host = host.lowercased()[...]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        while host.hasSuffix(".") { host = host.dropLast() }
        let isIP = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." })
        for entry in entries {
            if host == entry[...] { return true }
            if !isIP, host.hasSuffix("." + entry) { return true }
        }
        return false
    }
}
