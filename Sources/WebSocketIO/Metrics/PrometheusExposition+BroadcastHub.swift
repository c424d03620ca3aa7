extension PrometheusExposition {
    /// Appends a broadcast hub's families, `websocket_hub_…`: deliveries and drops per room (the first
    /// `BroadcastHub.maximumRoomsWithCounters` rooms by name, every later one as `room="other"` together:
    /// `WS-METRICS-CARDINALITY`), publications, rooms, and the backplane's counters when it has one.
    public mutating func append(_ hub: BroadcastHub) {
        let rooms = hub.roomCounters
        let other = hub.otherRoomsCounters
        let perRoom: [(name: String, help: String, value: KeyPath<BroadcastRoomCounters, Int>)] = [
            ("websocket_hub_deliveries_total", "Messages the broadcast hub handed to a member's socket, by room.", \.deliveries),
            ("websocket_hub_drops_total", "Messages the broadcast hub meant for a member that never reached its socket (slow or closing member), by room.", \.drops),
        ]
        for counter in perRoom {
            family(
                counter.name, .counter,
                help: counter.help + " Rooms past the first \(BroadcastHub.maximumRoomsWithCounters) are room=\"other\" (other=\"true\").")
            for room in rooms.keys.sorted() {
                sample(counter.name, [("room", room)], rooms[room]![keyPath: counter.value])
            }
            sample(counter.name, [("room", "other"), ("other", "true")], other[keyPath: counter.value])
        }
        let counters = hub.counters
        let members = hub.localMemberCounts()
        family("websocket_hub_rooms", .gauge, help: "Rooms with members on this node.")
        sample("websocket_hub_rooms", [], members.count)
        family("websocket_hub_members", .gauge, help: "Room memberships on this node (a connection in two rooms counts twice).")
        sample("websocket_hub_members", [], members.values.reduce(0, +))
        let hubCounters: [(name: String, help: String, value: Int)] = [
            ("websocket_hub_publications_total", "Publications made on this node.", counters.published),
            ("websocket_hub_backplane_received_total", "Publications from other nodes delivered to this node's members.", counters.received),
            ("websocket_hub_backplane_lost_total", "Publications of other nodes that never arrived (gaps in a publisher's sequence).", counters.lost),
            ("websocket_hub_backplane_duplicates_total", "Publications from other nodes that arrived again or out of order: dropped.", counters.duplicatesDropped),
            ("websocket_hub_backplane_envelopes_rejected_total", "Backplane messages that were not a deliverable envelope: dropped.", counters.envelopesRejected),
        ]
        for counter in hubCounters {
            family(counter.name, .counter, help: counter.help)
            sample(counter.name, [], counter.value)
        }
        guard let backplane = hub.backplane else { return }
        let status = backplane.status
        family("websocket_hub_backplane_connected", .gauge, help: "1 while the backplane can carry publications, else 0.")
        sample("websocket_hub_backplane_connected", [], status.isConnected ? 1 : 0)
        let backplaneCounters: [(name: String, help: String, value: Int)] = [
            ("websocket_hub_backplane_reconnects_total", "Times the backplane lost its connection and made it again.", status.reconnects),
            ("websocket_hub_backplane_sent_total", "Publications handed over to the other nodes.", status.publicationsSent),
            ("websocket_hub_backplane_dropped_total", "Publications that could not cross to the other nodes.", status.publicationsDropped),
        ]
        for counter in backplaneCounters {
            family(counter.name, .counter, help: counter.help)
            sample(counter.name, [], counter.value)
        }
    }
}
