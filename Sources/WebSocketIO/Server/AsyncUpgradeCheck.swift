/// A check on an upgrade request that may suspend (a token looked up elsewhere): nil lets the request through, a
/// decision (normally a rejection) stops it. Combine checks with `UpgradeDecision.first(of:otherwise:)` and pass
/// the result as a server's suspending `decideUpgrade` (`WS-UPGRADE-ASYNC`); a synchronous `UpgradeCheck` joins
/// them as `{ check($0) }`.
public typealias AsyncUpgradeCheck = @Sendable (UpgradeRequest) async -> UpgradeDecision?

extension UpgradeDecision {
    /// The first decision any of `checks` makes, in order (each awaited before the next), or `otherwise` when every
    /// check lets the request through.
    public static func first(
        of checks: [AsyncUpgradeCheck], otherwise: UpgradeDecision
    ) -> @Sendable (UpgradeRequest) async -> UpgradeDecision {
        { request in
            for check in checks {
                if let decision = await check(request) { return decision }
            }
            return otherwise
        }
    }
}

/// The authentication checks whose validators may suspend; each rejects with 401 as its synchronous twin does.
extension UpgradeAuthentication {
    /// Requires a bearer token (`Authorization: Bearer …`) that `isValid` accepts.
    public static func bearerToken(_ isValid: @escaping @Sendable (String) async -> Bool) -> AsyncUpgradeCheck {
        { request in
            guard let token = request.bearerToken, await isValid(token) else { return unauthorized("Bearer") }
            return nil
        }
    }

    /// Requires a cookie `name` whose value `isValid` accepts.
    public static func cookie(_ name: String, _ isValid: @escaping @Sendable (String) async -> Bool) -> AsyncUpgradeCheck {
        { request in
            guard let value = request.cookies[name], await isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    /// Requires a query parameter `name` whose value `isValid` accepts.
    public static func queryParameter(
        _ name: String, _ isValid: @escaping @Sendable (String) async -> Bool
    ) -> AsyncUpgradeCheck {
        { request in
            guard let value = request.queryValue(name), await isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    /// Requires header `name` with a value `isValid` accepts.
    public static func header(_ name: String, _ isValid: @escaping @Sendable (String) async -> Bool) -> AsyncUpgradeCheck {
        { request in
            guard let value = request.headers.first(name), await isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }
}
