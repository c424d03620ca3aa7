/// The machine's rarely used fields, kept in `cold`: reading one costs a nil check when it was never set, and
/// setting one to nil never makes the box. Nothing here runs per message on the plain path (whole messages, no
/// fragmented send).
extension ProtocolMachine {
    /// The cold fields, made on first use.
    private var coldForWriting: ProtocolMachineCold {
        if let cold { return cold }
        let made = ProtocolMachineCold()
        cold = made
        return made
    }

    /// The message in progress when messages are delivered in chunks (`MessageDelivery.streamed`); nil when they
    /// are delivered whole. Checked once per frame and per payload slice, never per byte; mutated in place.
    var chunker: MessageChunker? {
        get { cold?.chunker }
        _modify { yield &coldForWriting.chunker }
    }

    /// The extension transforming the fragmented message being sent, if one accepted it.
    var fragmentEncoder: (any WebSocketExtension)? {
        get { cold?.fragmentEncoder }
        set { if newValue != nil || cold != nil { coldForWriting.fragmentEncoder = newValue } }
    }

    /// A close or a failure met in a call that had already produced events (see `Terminal`).
    var deferredTerminal: Terminal? {
        get { cold?.deferredTerminal }
        set { if newValue != nil || cold != nil { coldForWriting.deferredTerminal = newValue } }
    }

    /// The close frame this side sent.
    var closeSent: ClosePayload? {
        get { cold?.closeSent }
        set { if newValue != nil || cold != nil { coldForWriting.closeSent = newValue } }
    }

    /// The close frame the peer sent.
    var closeReceived: ClosePayload? {
        get { cold?.closeReceived }
        set { if newValue != nil || cold != nil { coldForWriting.closeReceived = newValue } }
    }

    /// The violation that failed the connection.
    var failure: ProtocolViolation? {
        get { cold?.failure }
        set { if newValue != nil || cold != nil { coldForWriting.failure = newValue } }
    }
}
