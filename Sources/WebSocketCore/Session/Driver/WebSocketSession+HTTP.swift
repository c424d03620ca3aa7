/// Plain HTTP beside WebSocket (`Spec/http-server.md`): a request that is not an upgrade has its body read
/// (bounded, under the body timeout), is delivered as `SessionEvent.httpRequest`, and answered with `respond`;
/// a persistent connection then reads its next request (which may be an upgrade) under the keep-alive timeout.
extension WebSocketSession {
    /// The head of a plain request was read; `bytesAfter` came with it.
    func plainRequestHeadRead(_ head: HTTPRequestHead, bytesAfter: [UInt8]) {
        deadlines.handshake = nil
        do throws(HTTPRequestError) {
            let reader = try HTTPRequestBodyReader(head: head, settings: configuration.http)
            if let request = reader.requestWithoutBody {
                return exchangeStarted(request, remaining: bytesAfter)
            }
            if reader.expectsContinue { write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
            deadlines.httpBody = now + configuration.http.bodyTimeout
            let boxed = HandshakeBox(reader)
            state = .readingBody(boxed)
            guard !bytesAfter.isEmpty else { return }
            _ = state.take()
            let step = bytesAfter.withUnsafeBytes { bytes in
                Result { () throws(HTTPRequestError) in try boxed.value.receive(bytes) }
            }
            bodyRead(step, reader: boxed)
        } catch {
            refuse(error)
        }
    }

    /// What the body reader made of the latest bytes (the state was taken out; this sets it).
    func bodyRead(
        _ step: Result<HTTPRequestBodyReader.Step, HTTPRequestError>, reader: HandshakeBox<HTTPRequestBodyReader>
    ) {
        switch step {
        case .success(.needMoreData):
            state = .readingBody(reader)
        case .success(.complete(let request, let remaining)):
            deadlines.httpBody = nil
            exchangeStarted(request, remaining: remaining)
        case .failure(let error):
            refuse(error)
        }
    }

    /// The request is complete: the application answers it (reading pauses meanwhile; the handshake timeout
    /// bounds the wait).
    private func exchangeStarted(_ request: HTTPRequest, remaining: [UInt8]) {
        let connectionTokens = request.headers.values("Connection").flatMap { HTTPSyntax.listElements($0) }
        let asksClose = connectionTokens.contains { HTTPSyntax.equalsIgnoringASCIICase($0, "close") }
        let keepAlive = request.version >= .http11 && !asksClose
            && httpRequestsServed + 1 < configuration.http.maximumRequestsPerConnection
        state = .httpPending(HTTPExchange(keepAlive: keepAlive, omitBody: request.method == "HEAD", remaining: remaining))
        deadlines.handshake = now + configuration.handshakeTimeout
        deliver(.httpRequest(request))
    }

    /// Answers with `error`'s status and closes the connection (the rest of the request is not read).
    func refuse(_ error: HTTPRequestError) {
        state = .ended
        deadlines.handshake = nil
        deadlines.httpBody = nil
        write(error.response.bytes)
        requestTransportClose()
        deadlines.close = now + configuration.closeTimeout
        deliver(.handshakeFailed(.httpRequestRefused(error)))
    }

    /// Server: answers the plain HTTP request delivered as `SessionEvent.httpRequest`. A response with a field
    /// that cannot be sent is replaced by a 500 (`WS-HTTP-RESPONSE-SAFE`). The connection then stays open for the
    /// next request (HTTP/1.1 keep-alive, `WS-HTTP-KEEPALIVE`) unless the request or `response` asked to close
    /// (`Connection: close`), the request was HTTP/1.0, or it was the last one allowed; otherwise it closes.
    /// Throws `.usage(.noUpgradeRequestToAnswer)` when no request waits.
    public func respond(_ response: HTTPResponse, now: SessionInstant) throws(SessionSendError) {
        self.now = now
        guard let current = state.take() else { throw .usage(.noUpgradeRequestToAnswer) }
        guard case .httpPending(let exchange) = consume current else {
            // `state.take()` emptied the state; nothing else may change here.
            throw .usage(.noUpgradeRequestToAnswer)
        }
        httpRequestsServed += 1
        deadlines.handshake = nil
        let safe = response.safe
        let handlerCloses = safe.headers.values("Connection").flatMap { HTTPSyntax.listElements($0) }
            .contains { HTTPSyntax.equalsIgnoringASCIICase($0, "close") }
        let keepAlive = exchange.keepAlive && !handlerCloses && safe.status >= 200
        write(safe.rendered(keepAlive: keepAlive, omitBody: exchange.omitBody))
        guard keepAlive, let reader = freshRequestReader else {
            state = .ended
            requestTransportClose()
            deadlines.close = now + configuration.closeTimeout
            return
        }
        state = .readingRequest(HandshakeBox(reader.reader))
        deadlines.keepAlive = now + configuration.http.keepAliveTimeout
        if !exchange.remaining.isEmpty {
            exchange.remaining.withUnsafeBytes { receive($0, now: now) }
        }
    }

    /// True while a plain HTTP request waits for the application's `respond`.
    public var isAwaitingHTTPAnswer: Bool {
        switch state {
        case .httpPending?: true
        default: false
        }
    }

    /// The keep-alive deadline passed with no next request: the connection closes quietly.
    func keepAliveExpired() {
        guard let current = state.take() else { return }
        switch consume current {
        case .readingRequest:
            state = .ended
            requestTransportClose()
            deadlines.close = now + configuration.closeTimeout
        case let other:
            state = consume other
        }
    }
}
