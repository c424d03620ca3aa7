import Foundation
import WebSocketIO

/// The answer to plain HTTP requests: the demo page on `GET /` and `GET /index.html`, 426 elsewhere.
func servePage(_ head: HTTPRequestHead, broadcast: Bool, subprotocols: [String] = []) -> HTTPResponse {
    guard head.method == "GET", head.path == "/" || head.path == "/index.html" else { return .upgradeRequired }
    return HTTPResponse(
        status: 200, reason: "OK",
        headers: [
            "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
            // The page loads nothing from elsewhere; its one script and style are inline.
            "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:; img-src data:",
            "X-Content-Type-Options": "nosniff",
        ],
        body: Array(demoPage(broadcast: broadcast, subprotocols: subprotocols).utf8))
}

/// `value` as a JavaScript literal that is safe inside an inline `<script>` (JSON, with `<`, `>`, `&` and the
/// line separators escaped so no `</script>` or HTML can be formed).
func javaScriptLiteral(_ value: Any) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return "null" }
    var text = ""
    for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
        switch scalar {
        case "<", ">", "&", "\u{2028}", "\u{2029}": text += String(format: "\\u%04x", scalar.value)
        default: text.unicodeScalars.append(scalar)
        }
    }
    return text
}

/// The page `ws serve` answers on `/`: the connection's state (with its subprotocol and extensions), a room picker
/// in broadcast mode, a log of the messages sent and received (time, direction, type, size, content), a form that
/// sends text or binary (hex) messages, and the server's counters from `GET /stats`, polled every second. Plain
/// HTML and JavaScript, nothing loaded from elsewhere; peer data is only ever shown as text (`textContent`).
func demoPage(broadcast: Bool, subprotocols: [String] = []) -> String {
    let title = broadcast ? "ws broadcast" : "ws echo"
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <style>
        :root { color-scheme: light; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; }
        * { box-sizing: border-box; }
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f8fafc; color: #111827; }
        main { max-width: 60em; margin: 0 auto; padding: 1em; display: grid; gap: .75em; grid-template-columns: 1fr 16em; }
        header, #log-panel, #send-form { grid-column: 1; }
        header { grid-column: 1 / 3; display: flex; align-items: center; gap: 1em; flex-wrap: wrap; }
        h1 { font-size: 1.3em; margin: 0; }
        section, form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6em .8em; }
        #state { font-weight: 600; padding: .15em .6em; border-radius: 1em; background: #fef3c7; }
        #state[data-state=open] { background: #dcfce7; } #state[data-state=closed] { background: #fee2e2; }
        #details { color: var(--muted); }
        #log { height: 24em; overflow-y: auto; font: 12px/1.5 ui-monospace, monospace; margin: 0; padding: 0; list-style: none; }
        #log li { display: grid; grid-template-columns: 7.5em 1.5em 4em 5.5em 1fr; gap: .4em; border-bottom: 1px solid var(--line); }
        #log .content { white-space: pre-wrap; word-break: break-all; }
        #log .out .dir { color: var(--accent); } #log .in .dir { color: #059669; } #log .sys { color: var(--muted); }
        #counters { grid-column: 2; grid-row: 2 / 5; align-self: start; }
        #counters table { width: 100%; border-collapse: collapse; } #counters td { padding: .1em 0; }
        #counters td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
        h2 { font-size: 1em; margin: 0 0 .4em; }
        #send-form { display: flex; gap: .5em; align-items: center; }
        #message { flex: 1; font: inherit; padding: .3em; }
        button { font: inherit; padding: .3em .8em; }
        .hint { color: var(--muted); font-size: .9em; }
        </style></head>
        <body><main>
        <header>
          <h1>\(title)</h1>
          <span id="state" data-state="connecting">connecting</span>
          <span id="details"></span>
          <button id="reconnect" type="button">Reconnect</button>
        </header>
        \(broadcast ? """
        <form id="room-form"><label>Room <input id="room" list="room-list" size="20" maxlength="100" autocomplete="off"></label>
          <datalist id="room-list"></datalist>
          <button id="join">Join</button> <span id="members" class="hint"></span></form>
        """ : "")
        <section id="log-panel"><h2>Messages <span class="hint">(newest last; the last 500 kept)</span></h2><ol id="log"></ol></section>
        <form id="send-form">
          <select id="kind"><option value="text">text</option><option value="binary">binary (hex)</option></select>
          <input id="message" autocomplete="off" placeholder="a message" autofocus>
          <button id="send">Send</button>
        </form>
        <section id="counters"><h2>Server counters</h2><table><tbody id="counter-rows"></tbody></table>
          <p class="hint" id="counters-note">from /stats, every second</p></section>
        </main>
        <script>
        'use strict';
        const broadcast = \(broadcast ? "true" : "false");
        const protocols = \(javaScriptLiteral(subprotocols));
        const maxLog = 500, maxShown = 2000, maxBytesShown = 600;
        const $ = (id) => document.getElementById(id);
        const encoder = new TextEncoder();
        let ws = null, room = broadcast ? (new URLSearchParams(location.search).get('room') || 'lobby') : null;

        function time() { const d = new Date(); return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0'); }
        // A long message is shown cut (the log keeps the page light whatever the server sends).
        function hex(bytes) {
          const shown = Array.from(bytes.subarray(0, maxBytesShown), (b) => b.toString(16).padStart(2, '0')).join(' ');
          return bytes.length > maxBytesShown ? shown + ' … (' + (bytes.length - maxBytesShown) + ' more bytes)' : shown;
        }
        function cut(text) { return text.length > maxShown ? text.slice(0, maxShown) + ' … (' + (text.length - maxShown) + ' more characters)' : text; }
        function parseHex(text) {
          const digits = text.replace(/\\s+/g, '');
          if (!/^([0-9a-fA-F]{2})*$/.test(digits)) return null;
          const bytes = new Uint8Array(digits.length / 2);
          for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.substr(i * 2, 2), 16);
          return bytes;
        }
        // Every cell is set with textContent: what a peer sends is never parsed as HTML.
        function log(direction, kind, size, content) {
          const item = document.createElement('li');
          item.className = direction === '→' ? 'out' : direction === '←' ? 'in' : 'sys';
          for (const [cls, text] of [['time', time()], ['dir', direction], ['kind', kind], ['size', size === null ? '' : size + ' B'], ['content', content]]) {
            const cell = document.createElement('span'); cell.className = cls; cell.textContent = text; item.appendChild(cell);
          }
          const list = $('log');
          list.appendChild(item);
          while (list.children.length > maxLog) list.removeChild(list.firstChild);
          list.scrollTop = list.scrollHeight;
        }
        function setState(state, details) { $('state').textContent = state; $('state').dataset.state = state; $('details').textContent = details || ''; }

        function connect() {
          if (ws) { ws.onclose = null; ws.close(1000); }
          const path = broadcast ? '/room/' + encodeURIComponent(room) : '/';
          const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
          setState('connecting', url);
          const socket = new WebSocket(url, protocols);
          socket.binaryType = 'arraybuffer';
          ws = socket;
          socket.onopen = () => {
            setState('open', 'subprotocol ' + (socket.protocol || 'none') + ' · extensions ' + (socket.extensions || 'none') + (broadcast ? ' · room ' + room : ''));
            log('·', 'open', null, url);
          };
          socket.onmessage = (e) => {
            if (typeof e.data === 'string') log('←', 'text', encoder.encode(e.data).length, cut(e.data));
            else { const bytes = new Uint8Array(e.data); log('←', 'binary', bytes.length, hex(bytes)); }
          };
          socket.onerror = () => log('·', 'error', null, 'connection error');
          socket.onclose = (e) => {
            setState('closed', 'code ' + e.code + (e.reason ? ' ' + e.reason : '') + (e.wasClean ? '' : ' (not clean)'));
            log('·', 'close', null, String(e.code) + (e.reason ? ' ' + e.reason : ''));
            if (ws === socket) ws = null;
          };
        }

        $('send-form').onsubmit = (e) => {
          e.preventDefault();
          const input = $('message'), text = input.value;
          if (!ws || ws.readyState !== WebSocket.OPEN) { log('·', 'error', null, 'not connected'); return; }
          if ($('kind').value === 'binary') {
            const bytes = parseHex(text);
            if (bytes === null) { log('·', 'error', null, 'not hex: pairs of digits 0-9 a-f, spaces allowed'); return; }
            ws.send(bytes);
            log('→', 'binary', bytes.length, hex(bytes));
          } else {
            ws.send(text);
            log('→', 'text', encoder.encode(text).length, cut(text));
          }
          input.value = '';
        };
        $('reconnect').onclick = connect;

        if (broadcast) {
          $('room').value = room;
          $('room-form').onsubmit = (e) => {
            e.preventDefault();
            const name = $('room').value.trim();
            if (!name) return;
            room = name;
            history.replaceState(null, '', '?room=' + encodeURIComponent(room));
            connect();
          };
        }

        const counterNames = [['connectionsOpen', 'connections open'], ['connectionsTotal', 'connections total'],
          ['messagesIn', 'messages in'], ['messagesOut', 'messages out'], ['bytesIn', 'bytes in'], ['bytesOut', 'bytes out']];
        function setRow(key, label, value) {
          let row = document.getElementById('counter-' + key);
          if (!row) {
            row = document.createElement('tr'); row.id = 'counter-' + key;
            const name = document.createElement('td'), cell = document.createElement('td');
            name.textContent = label; row.append(name, cell); $('counter-rows').appendChild(row);
          }
          row.lastChild.textContent = String(value);
        }
        async function poll() {
          try {
            const response = await fetch('/stats' + (broadcast ? '?room=' + encodeURIComponent(room) : ''), { cache: 'no-store' });
            const stats = await response.json();
            for (const [key, label] of counterNames) setRow(key, label, stats.server[key]);
            if (broadcast) {
              setRow('published', 'hub published', stats.hub.published);
              const here = stats.rooms.find((r) => r.room === room) || { local: 0, cluster: 0 };
              $('members').textContent = here.local + ' here, ' + here.cluster + ' in the cluster' + (stats.backplane ? ' · backplane ' + stats.backplane.state : '');
              const list = $('room-list');
              list.replaceChildren(...stats.rooms.slice(0, 100).map((r) => { const o = document.createElement('option'); o.value = r.room; return o; }));
            }
            $('counters-note').textContent = 'from /stats at ' + time();
          } catch (error) {
            $('counters-note').textContent = 'counters unavailable: ' + error;
          }
        }
        connect();
        poll();
        setInterval(poll, 1000);
        </script>
        </body></html>
        """
}
