import WebSocketCore

/// The parameters of one permessage-deflate offer or response (RFC 7692 §7.1), checked for form only: known names,
/// each at most once, values where they belong and in range. Whether they make sense for the side that receives
/// them is the negotiation's business.
///
/// Parsed liberally: names are compared without regard to case, and quoted values (`client_max_window_bits="15"`)
/// were already unquoted by the header parser. Strict where RFC 7692 §7.1 says "MUST": an unknown parameter, a
/// duplicate, a value on a flag, a missing or malformed window size all make the whole element unacceptable.
struct PerMessageDeflateParameters: Hashable, Sendable {
    /// `client_max_window_bits` as written: absent, without a value (offers only), or with one.
    enum ClientWindowBits: Hashable, Sendable {
        case absent
        case withoutValue
        case value(Int)
    }

    var serverNoContextTakeover = false
    var clientNoContextTakeover = false
    /// The value of `server_max_window_bits`, nil when absent.
    var serverMaxWindowBits: Int?
    var clientMaxWindowBits = ClientWindowBits.absent

    static let serverNoContextTakeoverName = "server_no_context_takeover"
    static let clientNoContextTakeoverName = "client_no_context_takeover"
    static let serverMaxWindowBitsName = "server_max_window_bits"
    static let clientMaxWindowBitsName = "client_max_window_bits"

    init() {}

    /// Parses the parameters of `element` (an offer or a response of permessage-deflate).
    init(parsing element: ExtensionOffer) throws(PerMessageDeflateParameterError) {
        var seen: Set<String> = []
        for parameter in element.parameters {
            let name = parameter.name.lowercased()
            guard seen.insert(name).inserted else { throw .duplicate(name) }
            switch name {
            case Self.serverNoContextTakeoverName:
                guard parameter.value == nil else { throw .unexpectedValue(name) }
                serverNoContextTakeover = true
            case Self.clientNoContextTakeoverName:
                guard parameter.value == nil else { throw .unexpectedValue(name) }
                clientNoContextTakeover = true
            case Self.serverMaxWindowBitsName:
                guard let value = parameter.value else { throw .missingValue(name) }
                serverMaxWindowBits = try Self.windowBits(value, name: name)
            case Self.clientMaxWindowBitsName:
                if let value = parameter.value {
                    clientMaxWindowBits = .value(try Self.windowBits(value, name: name))
                } else {
                    clientMaxWindowBits = .withoutValue
                }
            default:
                throw .unknown(parameter.name)
            }
        }
    }

    /// A window size as RFC 7692 §7.1.2 writes it: a decimal integer 8–15 without leading zeroes.
    static func windowBits(_ text: String, name: String) throws(PerMessageDeflateParameterError) -> Int {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count <= 2, digits.first != UInt8(ascii: "0"),
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(text), PerMessageDeflateConfiguration.windowBitsRange.contains(value)
        else { throw .invalidValue(name, text) }
        return value
    }

    /// The element `permessage-deflate` with these parameters, in the order of RFC 7692 §7.1.
    var element: ExtensionOffer {
        var parameters: [ExtensionParameter] = []
        if serverNoContextTakeover { parameters.append(ExtensionParameter(name: Self.serverNoContextTakeoverName)) }
        if clientNoContextTakeover { parameters.append(ExtensionParameter(name: Self.clientNoContextTakeoverName)) }
        if let bits = serverMaxWindowBits {
            parameters.append(ExtensionParameter(name: Self.serverMaxWindowBitsName, value: String(bits)))
        }
        switch clientMaxWindowBits {
        case .absent: break
        case .withoutValue: parameters.append(ExtensionParameter(name: Self.clientMaxWindowBitsName))
        case .value(let bits):
            parameters.append(ExtensionParameter(name: Self.clientMaxWindowBitsName, value: String(bits)))
        }
        return ExtensionOffer(name: PerMessageDeflate.extensionName, parameters: parameters)
    }
}

/// Why the parameters of a permessage-deflate offer or response are malformed (RFC 7692 §7.1).
enum PerMessageDeflateParameterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A parameter that RFC 7692 does not define.
    case unknown(String)
    /// A parameter given twice.
    case duplicate(String)
    /// A value on a parameter that takes none.
    case unexpectedValue(String)
    /// No value on a parameter that needs one.
    case missingValue(String)
    /// A window size that is not a decimal 8–15 without leading zeroes.
    case invalidValue(String, String)

    var description: String {
        switch self {
        case .unknown(let name): "unknown parameter \(name)"
        case .duplicate(let name): "parameter \(name) given twice"
        case .unexpectedValue(let name): "parameter \(name) takes no value"
        case .missingValue(let name): "parameter \(name) needs a value"
        case .invalidValue(let name, let value): "parameter \(name)=\(value) is not 8 through 15"
        }
    }
}
