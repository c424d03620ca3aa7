"""Headless Chromium on `ws serve`'s page at /, driven through the DevTools protocol (CDP, over Python's
`websockets`) the way a person would use it: type, pick, click, read what the page shows.

  python3 .ci/chromium_page.py WS_BINARY ARTIFACT_DIR

Echo mode (with --subprotocol chat): the page connects and shows its state, subprotocol and extensions; a text
message (non-ASCII, long enough to be compressed) comes back in the log with its size; the counters read from
/stats move; a binary message typed as hex comes back as hex; input that is not hex is refused; a message holding
HTML is shown as text, never run; a long message is cut in the log. Broadcast mode: the page joins a room picked in the room picker and shows a
message `ws send` (a second client) sends to that room, and its own message; the room's member count shows.
A screenshot of each page after its run is saved in ARTIFACT_DIR (page-echo.png, page-broadcast.png).
Exits 1 when a check fails."""
import asyncio
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from websockets.asyncio.client import connect

from interop_common import Tally

WS = sys.argv[1]
ARTIFACTS = sys.argv[2]
TIMEOUT = 15.0


class Serve:
    """`ws serve --port 0` with `extra` arguments; the port is read from the line it prints."""

    def __init__(self, extra):
        self.proc = subprocess.Popen(
            [WS, "serve", "--host", "127.0.0.1", "--port", "0", "--quiet", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()  # "ws serve: echo server on ws://127.0.0.1:PORT/"
        if "ws://" not in line:
            raise RuntimeError("ws serve did not start: %r" % line)
        self.port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))

    def stop(self):
        self.proc.send_signal(2)
        return self.proc.wait(timeout=10)


class Browser:
    """Headless Chromium with remote debugging on a free port (read from DevToolsActivePort)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="ws-chromium-")
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             "--remote-debugging-port=0", "--user-data-dir=" + self.profile, "--window-size=1100,760",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        path = os.path.join(self.profile, "DevToolsActivePort")
        while not (os.path.exists(path) and open(path).read().count("\n") >= 1):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("chromium did not open its debugging port")
            time.sleep(0.05)
        self.port = int(open(path).read().split("\n")[0])

    def page_socket_url(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % self.port, timeout=10) as response:
            targets = json.load(response)
        return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One page target: commands by id, events ignored; JavaScript evaluated with its value returned."""

    def __init__(self, socket):
        self.socket = socket
        self.next_id = 0

    async def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        await self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            reply = json.loads(await asyncio.wait_for(self.socket.recv(), TIMEOUT))
            if reply.get("id") == ident:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply["result"]

    async def js(self, expression):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("%s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    async def wait(self, expression, timeout=TIMEOUT):
        """Polls `expression` until it is truthy; returns its value, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = await self.js(expression)
            if value:
                return value
            await asyncio.sleep(0.05)
        return None

    async def type_into(self, element_id, text):
        """Focuses the field, clears it and types `text` as keyboard input."""
        await self.js("(() => { const e = document.getElementById(%s); e.focus(); e.value = ''; })()" % json.dumps(element_id))
        await self.call("Input.insertText", text=text)

    async def click(self, element_id):
        await self.js("document.getElementById(%s).click()" % json.dumps(element_id))

    async def log_rows(self):
        """The message log: one [time, direction, kind, size, content] list per row."""
        return await self.js(
            "Array.from(document.querySelectorAll('#log li'), li => Array.from(li.children, c => c.textContent))")

    async def counter(self, key):
        text = await self.js("(document.querySelector('#counter-%s td:last-child') || {}).textContent" % key)
        return int(text) if text and text.isdigit() else None

    async def next_poll(self):
        """Waits until the page has read /stats once more."""
        note = await self.js("document.getElementById('counters-note').textContent")
        await self.wait("document.getElementById('counters-note').textContent !== %s" % json.dumps(note))

    async def screenshot(self, path):
        shot = await self.call("Page.captureScreenshot", format="png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))


def received(rows, kind, content):
    """The log row of a received message of `kind` with `content`, if any."""
    return next((row for row in rows if row[1] == "←" and row[2] == kind and row[4] == content), None)


async def open_page(browser, url):
    socket = await connect(browser.page_socket_url(), max_size=64 << 20)
    page = Page(socket)
    await page.call("Page.enable")
    await page.call("Page.navigate", url=url)
    loaded = await page.wait("location.href === %s && document.readyState === 'complete'" % json.dumps(url))
    if not loaded:
        raise RuntimeError("the page did not load: " + url)
    return page


async def echo_mode(browser, tally):
    server = Serve(["--subprotocol", "chat"])
    try:
        page = await open_page(browser, "http://127.0.0.1:%d/" % server.port)
        opened = await page.wait("document.getElementById('state').dataset.state === 'open'")
        details = await page.js("document.getElementById('details').textContent")
        tally.check("echo: the page shows the connection open", opened, details)
        tally.check("echo: it shows the subprotocol and the extensions",
                    details and "subprotocol chat" in details and "permessage-deflate" in details, details)

        await page.wait("(document.querySelector('#counter-messagesIn td:last-child') || {}).textContent")
        before = await page.counter("messagesIn")
        text = "hello from chromium " + "é✓" * 200
        await page.type_into("message", text)
        await page.click("send")
        echoed = await page.wait("Array.from(document.querySelectorAll('#log li.in .content')).some(c => c.textContent === %s)" % json.dumps(text))
        rows = await page.log_rows()
        row = received(rows, "text", text)
        tally.check("echo: the text message comes back in the log", echoed and row is not None)
        tally.check("echo: the log shows its time and its size in bytes",
                    row is not None and row[3] == "%d B" % len(text.encode()) and len(row[0]) == 12, row and row[:4])
        moved = await page.wait(
            "Number((document.querySelector('#counter-messagesIn td:last-child') || {}).textContent) > %d" % (before or 0))
        tally.check("echo: the counters from /stats move", moved is not None and before is not None,
                    "messagesIn before %s, now %s" % (before, await page.counter("messagesIn")))

        await page.js("document.getElementById('kind').value = 'binary'")
        await page.type_into("message", "01 02 ff")
        await page.click("send")
        await page.wait("Array.from(document.querySelectorAll('#log li.in .content')).some(c => c.textContent === '01 02 ff')")
        row = received(await page.log_rows(), "binary", "01 02 ff")
        tally.check("echo: a binary message typed as hex comes back as 3 bytes", row is not None and row[3] == "3 B", row)

        await page.type_into("message", "zz")
        await page.click("send")
        refused = await page.wait("Array.from(document.querySelectorAll('#log li.sys .content')).some(c => c.textContent.startsWith('not hex'))")
        tally.check("echo: input that is not hex is refused, not sent", refused)

        await page.js("document.getElementById('kind').value = 'text'")
        markup = '<img src=x onerror="window.pwned = 1"><b>bold</b>'
        await page.type_into("message", markup)
        await page.click("send")
        shown = await page.wait("Array.from(document.querySelectorAll('#log li.in .content')).some(c => c.textContent === %s)" % json.dumps(markup))
        safe = await page.js("window.pwned === undefined && document.querySelector('#log img, #log b') === null")
        tally.check("echo: a message holding HTML is shown as text, never parsed", shown and safe)

        await page.type_into("message", "x" * 3000)
        await page.click("send")
        cut = await page.wait("Array.from(document.querySelectorAll('#log li.in .content')).some(c => "
                              "c.textContent === 'x'.repeat(2000) + ' … (1000 more characters)')")
        row = next((r for r in await page.log_rows() if r[1] == "←" and r[4].startswith("xxx")), None)
        tally.check("echo: a long message is cut in the log, its size whole", cut and row and row[3] == "3000 B", row and row[3])

        await page.next_poll()  # so the screenshot shows the counters after the last message
        path = os.path.join(ARTIFACTS, "page-echo.png")
        await page.screenshot(path)
        print("screenshot:", os.path.abspath(path))
        await page.socket.close()
    finally:
        tally.check("echo: ws serve exits 0 on SIGINT", server.stop() == 0)


async def broadcast_mode(browser, tally):
    server = Serve(["--mode", "broadcast"])
    try:
        page = await open_page(browser, "http://127.0.0.1:%d/" % server.port)
        opened = await page.wait("document.getElementById('state').dataset.state === 'open'")
        tally.check("broadcast: the page opens in the lobby",
                    opened and "room lobby" in await page.js("document.getElementById('details').textContent"))

        await page.type_into("room", "ci room ✓")
        await page.click("join")
        joined = await page.wait("document.getElementById('state').dataset.state === 'open' && "
                                 "document.getElementById('details').textContent.endsWith('room ci room ✓')")
        tally.check("broadcast: the room picker joins the room picked", joined,
                    await page.js("document.getElementById('details').textContent"))
        members = await page.wait("document.getElementById('members').textContent.startsWith('1 here')")
        tally.check("broadcast: the room's member count shows", members,
                    await page.js("document.getElementById('members').textContent"))

        url = "ws://127.0.0.1:%d/room/ci%%20room%%20%%E2%%9C%%93" % server.port
        sent = await asyncio.to_thread(
            subprocess.run, [WS, "send", url, "from a second client"], capture_output=True, text=True, timeout=30)
        tally.check("broadcast: ws send (a second client) sends to the room and exits 0", sent.returncode == 0, sent.stderr)
        seen = await page.wait("Array.from(document.querySelectorAll('#log li.in .content')).some(c => c.textContent === 'from a second client')")
        tally.check("broadcast: the page shows the second client's message", seen)

        await page.type_into("message", "hello room")
        await page.click("send")
        own = await page.wait("Array.from(document.querySelectorAll('#log li.in .content')).some(c => c.textContent === 'hello room')")
        tally.check("broadcast: the page's own message comes back from the room", own)
        published = await page.wait("Number((document.querySelector('#counter-published td:last-child') || {}).textContent) >= 2")
        tally.check("broadcast: the hub's counter shows the publications", published, await page.counter("published"))

        await page.next_poll()
        path = os.path.join(ARTIFACTS, "page-broadcast.png")
        await page.screenshot(path)
        print("screenshot:", os.path.abspath(path))
        await page.socket.close()
    finally:
        tally.check("broadcast: ws serve exits 0 on SIGINT", server.stop() == 0)


async def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    tally = Tally()
    for mode in (echo_mode, broadcast_mode):
        browser = Browser()
        try:
            await mode(browser, tally)
        except Exception as error:  # noqa: BLE001 - any failure of the run is a failed check, with its reason
            tally.check(mode.__name__, False, repr(error))
        finally:
            browser.close()
    return tally.finish()


sys.exit(asyncio.run(main()))
