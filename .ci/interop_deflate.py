#!/usr/bin/env python3
"""permessage-deflate (RFC 7692) interoperability with Python's `websockets`, both directions.

usage: interop_deflate.py WS_BINARY
1. `ws serve` (deflate on by default) against websockets clients with compression: the default offer, and offers
   with client/server_no_context_takeover and small windows (down to 9, zlib's smallest); text, binary, empty,
   1 MiB compressible, 1 MiB random, fragmented, 500 pipelined similar messages; a 16 MiB + 1 compressible message
   is refused with 1009 although it is tiny on the wire; corrupt compressed data is refused with 1007.
2. `ws connect` and `ws echo-client` against websockets servers with compression (several server settings): the
   offer is exactly `permessage-deflate; client_max_window_bits`, the extension is negotiated and messages (100
   JSON-like, random, empty, text, 1 MiB) come back intact.
3. `--no-deflate`: nothing is negotiated either way.
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import asyncio
import os
import subprocess
import sys
import zlib

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory, ServerPerMessageDeflateFactory

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import Tally, free_port, wait_for_port, ws_connect_lines  # noqa: E402

WS = sys.argv[1]
tally = Tally()
check = tally.check





def json_message(i):
    return ('{"type":"update","id":%d,"user":{"name":"grace","score":%d},"items":[{"sku":"SKU-%05d","qty":%d}],'
            '"text":"the quick brown fox jumps over the lazy dog"}' % (i, i * 7, i % 1000, i % 9 + 1))


def negotiated(ws):
    return ws.response.headers.get("Sec-WebSocket-Extensions")


CLIENT_OFFERS = [
    ("default offer", ClientPerMessageDeflateFactory(client_max_window_bits=True)),
    ("no context takeover both ways", ClientPerMessageDeflateFactory(
        server_no_context_takeover=True, client_no_context_takeover=True, client_max_window_bits=True)),
    ("windows 9", ClientPerMessageDeflateFactory(server_max_window_bits=9, client_max_window_bits=9)),
    ("server window 10, no server takeover", ClientPerMessageDeflateFactory(
        server_max_window_bits=10, server_no_context_takeover=True)),
]


async def against_ws_serve():
    port = free_port()
    server = await asyncio.create_subprocess_exec(WS, "serve", "--port", str(port), "--quiet")
    try:
        await wait_for_port(port)
        url = "ws://127.0.0.1:%d/" % port
        for label, factory in CLIENT_OFFERS:
            async with connect(url, max_size=2 ** 25, extensions=[factory], compression=None) as ws:
                header = negotiated(ws) or ""
                check("serve [%s]: permessage-deflate negotiated (%s)" % (label, header), header.startswith("permessage-deflate"))
                messages = ["héllo wörld " * 20, b"\x00\x01\xff" * 100, "", "short", b"x" * (1 << 20),
                            os.urandom(1 << 20), json_message(1) * 3]
                for message in messages:
                    await ws.send(message)
                    echoed = await ws.recv()
                    check("serve [%s]: %s of %d echoed" % (label, type(message).__name__, len(message)), echoed == message)
                await ws.send(["frag" * 100, "ment" * 100, "ed" * 100])
                check("serve [%s]: fragmented message echoed" % label, await ws.recv() == "frag" * 100 + "ment" * 100 + "ed" * 100)
                sent = [json_message(i) for i in range(500)]
                for message in sent:
                    await ws.send(message)
                got = [await ws.recv() for _ in sent]
                check("serve [%s]: 500 pipelined similar messages in order" % label, got == sent)
                pong = await ws.ping(b"abc")
                await asyncio.wait_for(pong, 5)
                check("serve [%s]: ping answered" % label, True)
        # A 16 MiB + 1 message of zeros is about 16 KB compressed: refused by the decompressed-size limit.
        try:
            async with connect(url, max_size=None, compression="deflate") as ws:
                await ws.send(b"\x00" * ((16 << 20) + 1))
                await ws.recv()
            check("serve: 16 MiB + 1 compressed message closed with 1009", False, "no close")
        except Exception as e:
            code = getattr(getattr(e, "rcvd", None), "code", None)
            check("serve: 16 MiB + 1 compressed message closed with 1009", code == 1009, repr(e))
        async with connect(url, max_size=None, compression="deflate") as ws:
            await ws.send(b"\x00" * (16 << 20))
            check("serve: exactly 16 MiB compressed message echoed", await ws.recv() == b"\x00" * (16 << 20))
        # Corrupt compressed data: a raw frame with RSV1 and a reserved block type.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                      "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        check("serve: raw handshake answers permessage-deflate", b"Sec-WebSocket-Extensions: permessage-deflate\r\n" in head, head)
        writer.write(bytes([0xC2, 0x83, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]))  # binary, RSV1, masked with key 0
        close = await asyncio.wait_for(reader.read(4), 5)
        check("serve: corrupt compressed data closed with 1007", close[:1] == b"\x88" and close[2:4] == b"\x03\xef", close)
        writer.close()
    finally:
        server.send_signal(2)
        code = await asyncio.wait_for(server.wait(), 10)
        check("serve: exits 0 on SIGINT", code == 0, "exit %s" % code)


SERVER_SETTINGS = [
    ("default", ServerPerMessageDeflateFactory()),
    ("no context takeover both ways", ServerPerMessageDeflateFactory(
        server_no_context_takeover=True, client_no_context_takeover=True)),
    ("windows 9", ServerPerMessageDeflateFactory(server_max_window_bits=9, client_max_window_bits=9)),
    ("client window 10 required", ServerPerMessageDeflateFactory(client_max_window_bits=10, require_client_max_window_bits=True)),
]


async def ws_clients_against_websockets():
    for label, factory in SERVER_SETTINGS:
        seen = {}

        async def echo(ws):
            seen["offer"] = ws.request.headers.get("Sec-WebSocket-Extensions")
            seen["answer"] = ws.response.headers.get("Sec-WebSocket-Extensions")
            async for message in ws:
                await ws.send(message)

        port = free_port()
        async with serve(echo, "127.0.0.1", port, extensions=[factory], compression=None, max_size=2 ** 25):
            lines = ["line %d: %s" % (i, json_message(i)) for i in range(50)] + ["ünïcödé ✓ " * 30]
            echoed, code, err = await ws_connect_lines((WS, "connect", "ws://127.0.0.1:%d/" % port), lines)
            check("connect [%s]: offer is 'permessage-deflate; client_max_window_bits'" % label,
                  seen.get("offer") == "permessage-deflate; client_max_window_bits", seen.get("offer"))
            check("connect [%s]: negotiated (%s)" % (label, seen.get("answer")), (seen.get("answer") or "").startswith("permessage-deflate"))
            check("connect [%s]: every line echoed, in order" % label, echoed == lines, echoed[-2:])
            check("connect [%s]: exit 0" % label, code == 0, err[-300:])

        results = {}

        async def driver(ws):
            results["answer"] = ws.response.headers.get("Sec-WebSocket-Extensions")
            sent = [json_message(i) for i in range(100)] + [os.urandom(5000), b"", "ünï" * 100, b"z" * (1 << 20)]
            for message in sent:
                await ws.send(message)
            echoed = [await ws.recv() for _ in sent]
            results["echoed"] = echoed == sent
            await ws.close(1000, "done")

        port = free_port()
        async with serve(driver, "127.0.0.1", port, extensions=[factory], compression=None, max_size=2 ** 25):
            proc = await asyncio.create_subprocess_exec(
                WS, "echo-client", "ws://127.0.0.1:%d/" % port, stderr=subprocess.PIPE)
            _, err = await asyncio.wait_for(proc.communicate(), 30)
            check("echo-client [%s]: negotiated and every message echoed" % label,
                  results.get("echoed") is True and (results.get("answer") or "").startswith("permessage-deflate"), results)
            check("echo-client [%s]: exit 0" % label, proc.returncode == 0, err.decode()[-300:])


async def no_deflate():
    port = free_port()
    server = await asyncio.create_subprocess_exec(WS, "serve", "--port", str(port), "--quiet", "--no-deflate")
    try:
        await wait_for_port(port)
        async with connect("ws://127.0.0.1:%d/" % port, compression="deflate") as ws:
            check("serve --no-deflate: nothing negotiated", negotiated(ws) is None, negotiated(ws))
            await ws.send("plain " * 100)
            check("serve --no-deflate: echo", await ws.recv() == "plain " * 100)
    finally:
        server.send_signal(2)
        await asyncio.wait_for(server.wait(), 10)
    seen = {}

    async def echo(ws):
        seen["offer"] = ws.request.headers.get("Sec-WebSocket-Extensions")
        async for message in ws:
            await ws.send(message)

    port = free_port()
    async with serve(echo, "127.0.0.1", port, compression="deflate"):
        echoed, code, err = await ws_connect_lines((WS, "connect", "ws://127.0.0.1:%d/" % port, "--no-deflate"), ["hello"])
        check("connect --no-deflate: no offer, echo works", seen.get("offer") is None and echoed == ["hello"], (seen, echoed))
        check("connect --no-deflate: exit 0", code == 0, err[-300:])


async def main():
    await against_ws_serve()
    await ws_clients_against_websockets()
    await no_deflate()


asyncio.run(main())
print("zlib %s" % zlib.ZLIB_VERSION)
sys.exit(tally.finish())
