/// How a server decides its upgrades: at once on the connection's loop, or in a task that may suspend (a token
/// looked up in a database) while the loop serves other connections.
enum UpgradeDecider: Sendable {
    /// Decided on the loop, before the next input is read.
    case immediate(@Sendable (UpgradeRequest) -> UpgradeDecision)
    /// Decided in a task; the answer is applied on the loop if the request still waits for it (the handshake
    /// timeout covers the decision; a connection that ended meanwhile cancels the task).
    case suspending(@Sendable (UpgradeRequest) async -> UpgradeDecision)
}
