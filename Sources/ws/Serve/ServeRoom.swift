import WebSocketIO

/// Which room a `ws serve --mode broadcast` connection belongs to: `?room=NAME` on any path, else the path
/// `/room/NAME`, else `lobby` for `/`. Names are percent-decoded, 1…100 bytes of UTF-8 without control characters.
enum ServeRoom {
    /// The longest room name, in bytes.
    static let maximumLength = 100
    /// The room of `/`.
    static let lobby = "lobby"

    /// The room `request` asks for, or why it cannot have one (the server answers 400 with the reason).
    static func name(of request: UpgradeRequest) -> Result<String, RoomError> {
        name(path: request.path, query: request.queryValue("room"))
    }

    /// The room for `path` and the `room` query value.
    static func name(path: String, query: String?) -> Result<String, RoomError> {
        let raw: String
        if let query {
            raw = query
        } else if path.hasPrefix("/room/") {
            raw = UpgradeRequest.percentDecoded(path.dropFirst("/room/".count))
        } else if path == "/" {
            raw = lobby
        } else {
            return .failure(RoomError(reason: "connect to / or /room/NAME (or add ?room=NAME)"))
        }
        guard (1...maximumLength).contains(raw.utf8.count) else {
            return .failure(RoomError(reason: "a room name is 1 to \(maximumLength) bytes"))
        }
        guard !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .failure(RoomError(reason: "a room name has no control characters"))
        }
        return .success(raw)
    }

    /// Why a request names no usable room.
    struct RoomError: Error {
        var reason: String
    }
}
