/// Checks that authenticate an upgrade from its headers, cookies or query; each returns 401 when the credential is
/// missing or refused.
public enum UpgradeAuthentication {
    /// Requires a bearer token (`Authorization: Bearer …`) that `isValid` accepts.
    public static func bearerToken(_ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let token = request.bearerToken, isValid(token) else { return unauthorized("Bearer") }
            return nil
        }
    }

    /// Requires a cookie `name` whose value `isValid` accepts (browsers cannot set headers on WebSocket requests,
    /// but send cookies).
    public static func cookie(_ name: String, _ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let value = request.cookies[name], isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    /// Requires a query parameter `name` (e.g. `?token=…`) whose value `isValid` accepts.
    public static func queryParameter(_ name: String, _ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let value = request.queryValue(name), isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    /// Requires header `name` with a value `isValid` accepts.
    public static func header(_ name: String, _ isValid: @escaping @Sendable (String) -> Bool) -> UpgradeCheck {
        { request in
            guard let value = request.headers.first(name), isValid(value) else { return unauthorized(nil) }
            return nil
        }
    }

    static func unauthorized(_ scheme: String?) -> UpgradeDecision {
        var headers = HTTPHeaders()
        if let scheme { headers.append(name: "WWW-Authenticate", value: scheme) }
        return .reject(status: 401, reason: "Unauthorized", body: "authentication required", headers: headers)
    }
}
