// TEMPORARY until the handshake module lands.
public struct ExtensionOffer: Hashable, Sendable { public var name: String; public var parameters: [ExtensionParameter] }
public struct ExtensionParameter: Hashable, Sendable { public var name: String; public var value: String? }
