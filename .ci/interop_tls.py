#!/usr/bin/env python3
"""wss:// interoperability with Python's `websockets` library and `ssl` module, both directions.

usage: interop_tls.py WS_BINARY   (ws built with --traits TLS)
A throwaway CA and certificates are made with the openssl command in a temporary directory.
1. `ws serve --tls-cert --tls-key` against a websockets client verifying our CA: text, binary, 16 MiB, fragmented,
   ping, close code; TLS 1.3 by default and TLS 1.2 when the client caps it; ALPN http/1.1; a plain ws:// client
   on the TLS port fails and the server keeps serving.
2. `ws connect wss://` (--ca) against a websockets wss echo server: SNI and ALPN seen by the server, lines echoed.
3. `ws echo-client wss://` against a websockets wss server that checks the echoes.
4. `ws connect` refuses an untrusted chain and a certificate for another host, naming the reason.
5. rediss://: two `ws serve --mode broadcast` nodes on a real redis-server listening only with TLS (`--tls-port`,
   our CA) carry a room's message across; a node given another CA never connects (the chain is checked).
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import asyncio
import json
import os
import ssl
import subprocess
import sys
import tempfile

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import Tally, free_port, wait_for_port, ws_connect_lines  # noqa: E402

WS = sys.argv[1]
tally = Tally()
check = tally.check




def openssl(*args):
    subprocess.run(("openssl",) + args, check=True, capture_output=True)


def make_pki(directory):
    """CA, other CA, server cert for localhost/127.0.0.1, server cert for other.example."""
    p = lambda name: os.path.join(directory, name)
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", p(ca + ".key"), "-out", p(ca + ".pem"), "-days", "2", "-subj", "/CN=interop " + ca,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    for name, sans, ca in (("server", "DNS:localhost,IP:127.0.0.1", "ca"),
                           ("untrusted", "DNS:localhost,IP:127.0.0.1", "other-ca"),
                           ("wrong-host", "DNS:other.example", "ca")):
        with open(p(name + ".ext"), "w") as f:
            f.write("subjectAltName=%s\nextendedKeyUsage=serverAuth\n" % sans)
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", p(name + ".key"),
                "-out", p(name + ".csr"), "-subj", "/CN=" + name)
        openssl("x509", "-req", "-in", p(name + ".csr"), "-CA", p(ca + ".pem"), "-CAkey", p(ca + ".key"),
                "-CAcreateserial", "-days", "2", "-extfile", p(name + ".ext"), "-out", p(name + ".pem"))
    return p



def client_context(p, maximum=None):
    context = ssl.create_default_context(cafile=p("ca.pem"))
    context.set_alpn_protocols(["http/1.1"])
    if maximum:
        context.maximum_version = maximum
    return context


def server_context(p, name="server"):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(p(name + ".pem"), p(name + ".key"))
    context.set_alpn_protocols(["http/1.1"])
    return context


async def against_ws_serve(p):
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        WS, "serve", "--port", str(port), "--quiet", "--tls-cert", p("server.pem"), "--tls-key", p("server.key"))
    try:
        await wait_for_port(port)
        url = "wss://localhost:%d/" % port
        async with connect(url, ssl=client_context(p), max_size=2 ** 25, compression=None) as ws:
            tls = ws.transport.get_extra_info("ssl_object")
            check("serve: TLS 1.3 negotiated", tls.version() == "TLSv1.3", tls.version())
            check("serve: ALPN http/1.1 selected", tls.selected_alpn_protocol() == "http/1.1",
                  tls.selected_alpn_protocol())
            await ws.send("héllo wörld")
            check("serve: text echo", await ws.recv() == "héllo wörld")
            await ws.send(b"\x00\x01\xff")
            check("serve: binary echo", await ws.recv() == b"\x00\x01\xff")
            huge = os.urandom(16 << 20)
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
        async with connect("wss://127.0.0.1:%d/" % port, ssl=client_context(p, ssl.TLSVersion.TLSv1_2),
                           compression=None) as ws:
            version = ws.transport.get_extra_info("ssl_object").version()
            await ws.send("tls12")
            check("serve: TLS 1.2 client by IP address", await ws.recv() == "tls12" and version == "TLSv1.2", version)
        try:
            async with connect("ws://127.0.0.1:%d/" % port, compression=None, open_timeout=5) as ws:
                await ws.recv()
            check("serve: plain ws:// client refused", False, "connected")
        except Exception as e:
            check("serve: plain ws:// client refused", True, repr(e))
        async with connect(url, ssl=client_context(p), compression=None) as ws:
            await ws.send("again")
            check("serve: still serving after the plaintext client", await ws.recv() == "again")
    finally:
        server.send_signal(2)
        code = await asyncio.wait_for(server.wait(), 10)
        check("serve: exits 0 on SIGINT", code == 0, "exit %s" % code)


async def ws_connect_against_websockets(p):
    seen = {}

    def sni(ssl_object, name, context):
        seen["sni"] = name

    async def echo(ws):
        seen["alpn"] = ws.transport.get_extra_info("ssl_object").selected_alpn_protocol()
        async for message in ws:
            await ws.send(message)

    context = server_context(p)
    context.sni_callback = sni
    port = free_port()
    async with serve(echo, "127.0.0.1", port, ssl=context, compression=None):
        lines = ["line %d" % i for i in range(50)] + ["ünïcödé ✓"]
        echoed, code, err = await ws_connect_lines(
            (WS, "connect", "wss://localhost:%d/" % port, "--ca", p("ca.pem")), lines)
        check("connect: every stdin line echoed over wss", echoed == lines, err[-300:])
        check("connect: exit 0 after close", code == 0, err[-300:])
        check("connect: SNI localhost sent", seen.get("sni") == "localhost", seen)
        check("connect: ALPN http/1.1 offered", seen.get("alpn") == "http/1.1", seen)


async def echo_client_against_websockets(p):
    results = {}

    async def driver(ws):
        sent = ["text %d" % i for i in range(20)] + [os.urandom(100000), b"", "ünï"]
        for message in sent:
            await ws.send(message)
        echoed = [await ws.recv() for _ in sent]
        results["echoed"] = echoed == sent
        await ws.close(1000, "done")

    port = free_port()
    async with serve(driver, "127.0.0.1", port, ssl=server_context(p), compression=None):
        proc = await asyncio.create_subprocess_exec(
            WS, "echo-client", "--ca", p("ca.pem"), "wss://localhost:%d/path?x=1" % port, stderr=subprocess.PIPE)
        _, err = await asyncio.wait_for(proc.communicate(), 20)
        check("echo-client: every message echoed over wss", results.get("echoed") is True, err.decode()[-300:])
        check("echo-client: exit 0 on a clean close", proc.returncode == 0, err.decode()[-300:])


async def refused(p, name, host, expected):
    async def echo(ws):
        async for message in ws:
            await ws.send(message)

    port = free_port()
    async with serve(echo, "127.0.0.1", port, ssl=server_context(p, name), compression=None):
        proc = await asyncio.create_subprocess_exec(
            WS, "connect", "wss://%s:%d/" % (host, port), "--ca", p("ca.pem"),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, err = await asyncio.wait_for(proc.communicate(b"x\n"), 20)
        text = err.decode()
        check("connect: %s refused (%s)" % (name, expected), proc.returncode == 1 and expected in text, text[-300:])


async def stats(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /stats HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    response = await reader.read()
    writer.close()
    return json.loads(response.split(b"\r\n\r\n", 1)[1])


async def rediss_nodes(p, directory):
    redis_port = free_port()
    redis = await asyncio.create_subprocess_exec(
        "redis-server", "--port", "0", "--tls-port", str(redis_port), "--bind", "127.0.0.1",
        "--tls-cert-file", p("server.pem"), "--tls-key-file", p("server.key"), "--tls-ca-cert-file", p("ca.pem"),
        "--tls-auth-clients", "no", "--save", "", "--appendonly", "no", "--dir", directory,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nodes = []
    try:
        await wait_for_port(redis_port)
        ports = []
        for name, ca in (("a", "ca"), ("b", "ca"), ("stranger", "other-ca")):
            port = free_port()
            nodes.append(await asyncio.create_subprocess_exec(
                WS, "serve", "--mode", "broadcast", "--port", str(port), "--quiet", "--node-id", name,
                "--redis", "rediss://127.0.0.1:%d" % redis_port, "--ca", p(ca + ".pem"),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            await wait_for_port(port)
            ports.append(port)
        connected = []
        for _ in range(100):
            connected = [(await stats(port))["backplane"]["connected"] for port in ports]
            if connected[0] and connected[1]:
                break
            await asyncio.sleep(0.1)
        check("rediss: nodes trusting the CA connect to a TLS-only Redis", connected[:2] == [True, True], connected)
        check("rediss: a node given another CA does not connect", connected[2] is False, connected)
        async with connect("ws://127.0.0.1:%d/room/t" % ports[0]) as a, \
                connect("ws://127.0.0.1:%d/room/t" % ports[1]) as b:
            got = None
            for attempt in range(20):
                await a.send("over rediss %d" % attempt)
                try:
                    got = await asyncio.wait_for(b.recv(), 0.5)
                    break
                except asyncio.TimeoutError:
                    continue
            check("rediss: a message to the room on node a reaches the member on node b",
                  got is not None and got.startswith("over rediss"), got)
    finally:
        for process in nodes + [redis]:
            process.terminate()
            await process.wait()


async def main():
    with tempfile.TemporaryDirectory(prefix="ws-interop-tls-") as directory:
        p = make_pki(directory)
        await against_ws_serve(p)
        await ws_connect_against_websockets(p)
        await echo_client_against_websockets(p)
        await refused(p, "untrusted", "localhost", "untrusted certificate")
        await refused(p, "wrong-host", "localhost", "does not match host name localhost")
        await rediss_nodes(p, directory)


asyncio.run(main())
sys.exit(tally.finish())
