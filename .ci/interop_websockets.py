#!/usr/bin/env python3
"""Interoperability with Python's `websockets` library, both directions.

usage: interop_websockets.py WS_BINARY
1. `ws serve` against a websockets client: text, binary, empty, 1 MiB, 16 MiB, many messages, ping/pong,
   subprotocol-free handshake, close code and reason.
2. `ws connect` against a websockets echo server: stdin lines come back on stdout, exit 0 after close.
3. `ws echo-client` against a websockets server that sends messages and checks the echoes, then closes 1000.
4. `ws serve --unix PATH` against a websockets `unix_connect` client, and `ws connect --unix PATH` against a
   websockets `unix_serve` server (Unix-domain sockets, both ways).
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import asyncio
import os
import subprocess
import sys

import stat
import tempfile

from websockets.asyncio.client import connect, unix_connect
from websockets.asyncio.server import serve, unix_serve

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import Tally, free_port, wait_for_port, ws_connect_lines  # noqa: E402

WS = sys.argv[1]
tally = Tally()
check = tally.check





async def against_ws_serve():
    port = free_port()
    server = await asyncio.create_subprocess_exec(WS, "serve", "--port", str(port), "--quiet")
    try:
        await wait_for_port(port)
        url = "ws://127.0.0.1:%d/" % port
        async with connect(url, max_size=2 ** 25, compression=None) as ws:
            await ws.send("héllo wörld")
            check("serve: text echo", await ws.recv() == "héllo wörld")
            await ws.send(b"\x00\x01\xff")
            check("serve: binary echo", await ws.recv() == b"\x00\x01\xff")
            await ws.send("")
            check("serve: empty text echo", await ws.recv() == "")
            big = os.urandom(1 << 20)
            await ws.send(big)
            check("serve: 1 MiB binary echo", await ws.recv() == big)
            huge = b"x" * (16 << 20)
            await ws.send(huge)
            check("serve: 16 MiB binary echo", await ws.recv() == huge)
            await ws.send(["frag", "ment", "ed"])
            check("serve: fragmented message echo", await ws.recv() == "fragmented")
            for i in range(1000):
                await ws.send("m%d" % i)
            got = [await ws.recv() for _ in range(1000)]
            check("serve: 1000 pipelined messages in order", got == ["m%d" % i for i in range(1000)])
            pong = await ws.ping(b"abc")
            await asyncio.wait_for(pong, 5)
            check("serve: ping answered with pong", True)
            await ws.close(4001, "bye")
            check("serve: close code echoed", ws.close_code == 4001, "got %s" % ws.close_code)
        async with connect(url, compression=None) as ws:
            await ws.send("x" * 10)
            await ws.recv()
        check("serve: still serving after a client left", True)
        try:
            async with connect(url, compression=None, max_size=None) as ws:
                await ws.send(b"y" * ((16 << 20) + 1))
                await ws.recv()
            check("serve: oversized message closed with 1009", False, "no close")
        except Exception as e:  # ConnectionClosedError
            code = getattr(getattr(e, "rcvd", None), "code", None)
            check("serve: oversized message closed with 1009", code == 1009, repr(e))
    finally:
        server.send_signal(2)
        code = await asyncio.wait_for(server.wait(), 10)
        check("serve: exits 0 on SIGINT", code == 0, "exit %s" % code)


async def ws_connect_against_websockets():
    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    port = free_port()
    async with serve(echo, "127.0.0.1", port, compression=None):
        lines = ["line %d" % i for i in range(50)] + ["ünïcödé ✓"]
        echoed, code, err = await ws_connect_lines((WS, "connect", "ws://127.0.0.1:%d/" % port), lines, timeout=5)
        check("connect: every stdin line echoed to stdout", echoed == lines, echoed[-3:])
        check("connect: exit 0 after close", code == 0, err[-300:])
        # Interactive: one line at a time, each echo awaited before the next line (stdin stays open).
        proc = await asyncio.create_subprocess_exec(
            WS, "connect", "ws://127.0.0.1:%d/" % port,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        answered = 0
        try:
            for i in range(20):
                proc.stdin.write(b"ping %d\n" % i)
                await proc.stdin.drain()
                line = await asyncio.wait_for(proc.stdout.readline(), 5)
                if line.decode().strip() == "ping %d" % i:
                    answered += 1
        except asyncio.TimeoutError:
            pass
        proc.stdin.close()
        await asyncio.wait_for(proc.wait(), 10)
        check("connect: interactive lines each echoed before the next", answered == 20, "%d of 20" % answered)


async def echo_client_against_websockets():
    results = {}

    async def driver(ws):
        sent = ["text %d" % i for i in range(20)] + [os.urandom(5000), b"", "ünï"]
        for message in sent:
            await ws.send(message)
        echoed = [await ws.recv() for _ in sent]
        results["echoed"] = echoed == sent
        await ws.close(1000, "done")

    port = free_port()
    async with serve(driver, "127.0.0.1", port, compression=None):
        proc = await asyncio.create_subprocess_exec(
            WS, "echo-client", "ws://127.0.0.1:%d/path?x=1" % port, stderr=subprocess.PIPE)
        _, err = await asyncio.wait_for(proc.communicate(), 20)
        check("echo-client: every message echoed with its type", results.get("echoed") is True)
        check("echo-client: exit 0 on a clean close", proc.returncode == 0, err.decode()[-300:])
    proc = await asyncio.create_subprocess_exec(WS, "echo-client", "ws://127.0.0.1:%d/" % free_port(), stderr=subprocess.PIPE)
    await asyncio.wait_for(proc.communicate(), 20)
    check("echo-client: non-zero exit when the connection fails", proc.returncode != 0)


async def wait_for_path(path):
    """Returns once a socket file exists at `path` (bounded: 10 s)."""
    for _ in range(200):
        if os.path.exists(path):
            return
        await asyncio.sleep(0.05)
    raise RuntimeError("no socket at %s" % path)


async def unix_sockets():
    with tempfile.TemporaryDirectory(prefix="ws-unix-") as directory:
        path = os.path.join(directory, "serve.sock")
        server = await asyncio.create_subprocess_exec(WS, "serve", "--unix", path, "--quiet")
        try:
            await wait_for_path(path)
            check("unix serve: socket file mode 600", stat.S_IMODE(os.stat(path).st_mode) == 0o600)
            async with unix_connect(path, uri="ws://sidecar/chat", max_size=2 ** 25) as ws:
                await ws.send("über unix")
                check("unix serve: text echo to a unix_connect client", await ws.recv() == "über unix")
                big = os.urandom(1 << 20)
                await ws.send(big)
                check("unix serve: 1 MiB binary echo", await ws.recv() == big)
                await ws.close(4002, "unix bye")
            check("unix serve: close code echoed", ws.close_code == 4002, str(ws.close_code))
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 10)
        check("unix serve: socket file removed at exit", not os.path.exists(path))

        async def echo(ws):
            async for message in ws:
                await ws.send(message)

        theirs = os.path.join(directory, "theirs.sock")
        async with unix_serve(echo, theirs):
            lines = ["one", "zwei", "трі"]
            echoed, code, err = await ws_connect_lines(
                (WS, "connect", "--unix", theirs, "ws://localhost/"), lines, timeout=5)
            check("unix connect: lines echoed by a unix_serve server", echoed == lines, repr(echoed) + err[-300:])
            check("unix connect: exit 0", code == 0, err[-300:])
            check("unix connect: route on stderr", ("via unix:" + theirs) in err, err[-300:])


async def main():
    await against_ws_serve()
    await ws_connect_against_websockets()
    await echo_client_against_websockets()
    await unix_sockets()


asyncio.run(main())
sys.exit(tally.finish())
