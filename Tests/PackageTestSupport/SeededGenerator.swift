// The one seeded generator of the test targets: the property suite's xorshift64* (`WebSocketProperties`), so unit
// tests, property tests and `ws fuzz` draw from the same reproducible stream. Only the type is re-exported, not
// the rest of the property suite. Seed it per test (`Xorshift64Star(seed: 7)`) so a failure reproduces; its
// helpers (`bytes(count:)`, `int(in:)`, `element(of:)`, …) give the same values on every platform.
@_exported import struct WebSocketProperties.Xorshift64Star
