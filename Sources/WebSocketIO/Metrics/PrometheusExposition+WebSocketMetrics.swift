extension PrometheusExposition {
    /// Appends the families of a server's (or a set of clients') counters, named `websocket_…` (listed in
    /// `Spec/metrics.md`, `WS-METRICS-NAMES`).
    public mutating func append(_ metrics: WebSocketMetrics.Snapshot) {
        family("websocket_connections_open", .gauge, help: "WebSocket connections open now (handshake complete, not yet closed).")
        sample("websocket_connections_open", [], metrics.connectionsOpen)
        family("websocket_connections_total", .counter, help: "WebSocket connections opened (handshakes accepted).")
        sample("websocket_connections_total", [], metrics.connectionsTotal)

        family(
            "websocket_handshakes_total", .counter,
            help: "Opening handshakes by outcome: accepted, rejected (with the reason), or http (a plain HTTP request answered, with its status).")
        sample("websocket_handshakes_total", [("outcome", "accepted")], metrics.connectionsTotal)
        for reason in metrics.handshakeRejections.keys.sorted() {
            let outcome = reason.hasPrefix("http-") ? "http" : "rejected"
            sample("websocket_handshakes_total", [("outcome", outcome), ("reason", reason)], metrics.handshakeRejections[reason]!)
        }

        let traffic = metrics.traffic
        for (direction, counts) in [("received", traffic.received), ("sent", traffic.sent)] {
            let messages = "websocket_messages_\(direction)_total"
            family(messages, .counter, help: "Data messages \(direction), by type.")
            sample(messages, [("type", "text")], counts.textMessages)
            sample(messages, [("type", "binary")], counts.binaryMessages)
            let bytes = "websocket_message_\(direction)_bytes_total"
            family(bytes, .counter, help: "Payload bytes of the data messages \(direction), by type, as the application sees them (uncompressed).")
            sample(bytes, [("type", "text")], counts.textBytes)
            sample(bytes, [("type", "binary")], counts.binaryBytes)
            let control = "websocket_control_frames_\(direction)_total"
            family(control, .counter, help: "Ping and pong frames \(direction) (automatic pongs included).")
            sample(control, [("type", "ping")], counts.pings)
            sample(control, [("type", "pong")], counts.pongs)
        }
        family("websocket_socket_received_bytes_total", .counter, help: "Bytes read from sockets: handshakes, frame headers and payloads.")
        sample("websocket_socket_received_bytes_total", [], metrics.bytesIn)
        family("websocket_socket_sent_bytes_total", .counter, help: "Bytes handed to sockets: handshakes, frame headers and payloads.")
        sample("websocket_socket_sent_bytes_total", [], metrics.bytesOut)

        let deflate: [(name: String, help: String, value: Int)] = [
            ("websocket_deflate_messages_received_total", "Compressed messages received (permessage-deflate).", traffic.received.extensionMessages),
            ("websocket_deflate_received_compressed_bytes_total", "Payload bytes of compressed messages received, as they arrived.", traffic.received.extensionWireBytes),
            ("websocket_deflate_received_uncompressed_bytes_total", "Payload bytes of compressed messages received, after decompression.", traffic.received.extensionPayloadBytes),
            ("websocket_deflate_messages_sent_total", "Messages sent compressed (permessage-deflate).", traffic.sent.extensionMessages),
            ("websocket_deflate_sent_uncompressed_bytes_total", "Payload bytes of messages sent compressed, before compression.", traffic.sent.extensionPayloadBytes),
            ("websocket_deflate_sent_compressed_bytes_total", "Payload bytes of messages sent compressed, as they left.", traffic.sent.extensionWireBytes),
        ]
        for counter in deflate {
            family(counter.name, .counter, help: counter.help)
            sample(counter.name, [], counter.value)
        }

        let closes: [(name: String, help: String, table: [UInt16: Int])] = [
            ("websocket_closes_total", "Connections that closed, by the close code reported (1005: a close without a code, 1006: no close frame).", metrics.closeCodes),
            ("websocket_close_frames_sent_total", "Close frames sent, by code (1005: without a code).", metrics.closeCodesSent),
            ("websocket_close_frames_received_total", "Close frames received, by code (1005: without a code).", metrics.closeCodesReceived),
        ]
        for close in closes {
            family(close.name, .counter, help: close.help + " Application codes past the first \(WebSocketMetrics.distinctApplicationCloseCodeLimit) distinct ones are code=\"other\".")
            for code in close.table.keys.sorted() {
                let label = code == WebSocketMetrics.otherCloseCodes ? "other" : String(code)
                sample(close.name, [("code", label)], close.table[code]!)
            }
        }

        let events: [(name: String, help: String, value: Int)] = [
            ("websocket_write_stalls_total", "Connections dropped because the peer read nothing for the write-stall timeout.", metrics.writeStalls),
            ("websocket_keepalive_timeouts_total", "Connections closed with 1011 because no pong came within the keepalive timeout.", metrics.keepaliveTimeouts),
            ("websocket_extension_idle_releases_total", "Times a quiet connection released its extensions' idle memory.", metrics.extensionIdleReleases),
        ]
        for event in events {
            family(event.name, .counter, help: event.help)
            sample(event.name, [], event.value)
        }
    }
}
