#!/usr/bin/env python3
"""Hostile peers against `ws serve` with its default settings (issue: hostile peers). Each attack starts a fresh
server, attacks it from raw sockets, measures what it cost the server (CPU, RSS, VmSize, a probe's echo latency)
and checks the bound. `--compare OLD_WS` runs the same attacks on another binary first (the baseline) and prints
both; only the first binary is held to the bounds.

    .ci/hostile_peers.py .build/release/ws [--compare OLD_WS] [--only fragments,headers,rlimit,silent,idle-deflate]
"""
import argparse
import base64
import os
import resource
import select
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import Tally, free_port  # noqa: E402

MiB = 1 << 20


def raise_file_limit(want=70000):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = want if hard == resource.RLIM_INFINITY else min(want, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class Server:
    """A `ws serve` process on a free port; its /proc numbers."""

    def __init__(self, ws, extra=(), address_space=None):
        self.port = free_port()
        argv = [ws, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--quiet", *extra]

        def limit():
            if address_space:
                resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit)
        for _ in range(400):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.025)
        raise RuntimeError("ws serve did not start")

    def status(self, key):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    def cpu(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def fds(self):
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        stderr = self.proc.stderr.read().decode(errors="replace")
        self.proc.stderr.close()
        return stderr


def frame(opcode, payload, fin=True, rsv1=False, mask=b"\x11\x22\x33\x44"):
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", b0, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", b0, 0x80 | 127, n)
    if not payload:
        return head + mask
    key = (mask * (n // 4 + 1))[:n]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
    return head + mask + masked


def header_only(length, opcode=2):
    return struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length) + b"\x01\x02\x03\x04"


def upgrade(port, deflate=False, timeout=10):
    """A raw socket after a successful upgrade, and the bytes read past the response head."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    extra = "Sec-WebSocket-Extensions: permessage-deflate\r\n" if deflate else ""
    s.sendall(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n" % (key, extra)).encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("closed during the handshake")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError("upgrade refused: %r" % head[:60])
    if deflate and b"permessage-deflate" not in head:
        raise RuntimeError("permessage-deflate not negotiated")
    return s, rest


def read_frame(s, buffered=b""):
    """(opcode, payload, rest) of the next frame from an unmasked server stream."""
    data = buffered

    def need(n):
        nonlocal data
        while len(data) < n:
            chunk = s.recv(1 << 20)
            if not chunk:
                raise EOFError()
            data += chunk
    need(2)
    opcode = data[0] & 0x0F
    n = data[1] & 0x7F
    offset = 2
    if n == 126:
        need(4)
        n = struct.unpack("!H", data[2:4])[0]
        offset = 4
    elif n == 127:
        need(10)
        n = struct.unpack("!Q", data[2:10])[0]
        offset = 10
    need(offset + n)
    return opcode, data[offset:offset + n], data[offset + n:]


class Probe(threading.Thread):
    """A connection that echoes a small message every 10 ms and records the worst round trip."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock, self.rest = upgrade(port)
        self.worst = 0.0
        self.count = 0
        self.failed = None
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.is_set():
                start = time.monotonic()
                self.sock.sendall(frame(2, b"probe"))
                opcode, payload, self.rest = read_frame(self.sock, self.rest)
                while opcode == 9:  # a keepalive ping: answer it, then read the echo
                    self.sock.sendall(frame(10, payload))
                    opcode, payload, self.rest = read_frame(self.sock, self.rest)
                self.worst = max(self.worst, time.monotonic() - start)
                self.count += 1
                time.sleep(0.01)
        except Exception as error:  # noqa: BLE001
            self.failed = repr(error)

    def finish(self):
        self.stopping.set()
        self.join(30)
        self.sock.close()


def attack_fragments(ws, compressed):
    """4 MiB as 32,768 fragments of 128 bytes (compressed: of its permessage-deflate payload); one event loop."""
    server = Server(ws, ["--threads", "1"])
    try:
        probe = Probe(server.port)
        probe.start()
        time.sleep(0.2)
        message = os.urandom(4 * MiB)
        s, rest = upgrade(server.port, deflate=compressed)
        if compressed:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = c.compress(message) + c.flush(zlib.Z_SYNC_FLUSH)
            payload = payload[:-4]
        else:
            payload = message
        pieces = [payload[i:i + 128] for i in range(0, len(payload), 128)]
        wire = b"".join(frame(2 if i == 0 else 0, p, fin=i == len(pieces) - 1, rsv1=compressed and i == 0)
                        for i, p in enumerate(pieces))
        cpu0 = server.cpu()
        start = time.monotonic()
        sender = threading.Thread(target=s.sendall, args=(wire,), daemon=True)
        sender.start()
        s.settimeout(120)
        opcode, echoed, rest = read_frame(s, rest)
        elapsed = time.monotonic() - start
        sender.join(10)
        if compressed:
            d = zlib.decompressobj(-15)
            echoed = d.decompress(echoed + b"\x00\x00\xff\xff")
        ok = echoed == message
        cpu = server.cpu() - cpu0
        time.sleep(0.1)
        probe.finish()
        s.close()
        return {"fragments": len(pieces), "seconds": elapsed, "server_cpu": cpu, "intact": ok,
                "probe_worst_ms": probe.worst * 1000, "probe_failed": probe.failed, "alive": server.alive()}
    finally:
        server.stop()


def attack_headers(ws, count=1000, declared=16 * MiB - 1):
    """`count` connections that each send one frame header declaring `declared` bytes, and nothing more."""
    server = Server(ws)
    sockets = []
    try:
        time.sleep(0.3)
        rss0, vm0 = server.status("VmRSS"), server.status("VmSize")
        for _ in range(count):
            s, _ = upgrade(server.port)
            s.sendall(header_only(declared))
            sockets.append(s)
        time.sleep(1.5)
        rss1, vm1 = server.status("VmRSS"), server.status("VmSize")
        probe = Probe(server.port)
        probe.start()
        time.sleep(0.5)
        probe.finish()
        return {"connections": count, "rss_growth_mb": (rss1 - rss0) / 1e6, "vmsize_growth_mb": (vm1 - vm0) / 1e6,
                "alive": server.alive(), "probe_echoes": probe.count, "probe_failed": probe.failed}
    finally:
        for s in sockets:
            s.close()
        server.stop()


def attack_rlimit(ws, count=400, declared=16 * MiB - 1):
    """The same headers against a server limited to 4 GiB of address space (RLIMIT_AS)."""
    server = Server(ws, address_space=4 << 30)
    sockets = []
    error = None
    try:
        for _ in range(count):
            try:
                s, _ = upgrade(server.port, timeout=5)
                s.sendall(header_only(declared))
                sockets.append(s)
            except Exception as e:  # noqa: BLE001
                error = repr(e)
                break
        time.sleep(1.0)
        probe_ok = False
        if server.alive():
            probe = Probe(server.port)
            probe.start()
            time.sleep(0.5)
            probe.finish()
            probe_ok = probe.count > 0 and probe.failed is None
        return {"connections": len(sockets), "alive": server.alive(), "probe_served": probe_ok, "error": error}
    finally:
        for s in sockets:
            s.close()
        stderr = server.stop()
        if "allocate" in stderr:
            print("   server said:", stderr.strip().splitlines()[-1][:200])


def attack_silent(ws, count=2000, extra=(), wait=50):
    """`count` upgraded connections that then stay silent (answer no ping); how many the server still holds."""
    server = Server(ws, list(extra))
    sockets = []
    try:
        fds0 = server.fds()
        for _ in range(count):
            s, _ = upgrade(server.port)
            s.setblocking(False)
            sockets.append(s)
        time.sleep(0.5)
        held0 = server.fds() - fds0
        ended = set()
        poller = select.epoll()
        by_fd = {s.fileno(): s for s in sockets}
        for fd in by_fd:
            poller.register(fd, select.EPOLLIN)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and len(ended) < count:
            for fd, _ in poller.poll(0.5):
                try:
                    if by_fd[fd].recv(65536):
                        continue  # a ping or the close frame: never answered
                except BlockingIOError:
                    continue
                except ConnectionResetError:
                    pass
                ended.add(fd)
                poller.unregister(fd)
        poller.close()
        time.sleep(0.5)
        return {"connections": count, "held_at_start": held0, "ended_by_server": len(ended),
                "held_after": server.fds() - fds0, "waited_s": wait, "alive": server.alive()}
    finally:
        for s in sockets:
            s.close()
        server.stop()


def attack_idle_deflate(ws, count=1000, release=5):
    """`count` permessage-deflate connections that exchange one 64 KiB message, then idle: RSS per connection
    right after, and after the idle release (`--extension-idle-release`)."""
    # ws serve's own defaults otherwise: it returns the allocator's free memory after idle releases.
    server = Server(ws, ["--extension-idle-release", str(release), "--no-keepalive"])
    sockets = []
    try:
        time.sleep(0.3)
        rss0 = server.status("VmRSS")
        text = (b"the quick brown fox jumps over the lazy dog %d " * 1500)[:64 << 10]
        for i in range(count):
            s, rest = upgrade(server.port, deflate=True)
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = (c.compress(text) + c.flush(zlib.Z_SYNC_FLUSH))[:-4]
            s.sendall(frame(2, payload, rsv1=True))
            read_frame(s, rest)
            sockets.append(s)
        time.sleep(0.5)
        busy = (server.status("VmRSS") - rss0) / count
        time.sleep(3 * release + 2)  # quiet for a whole check period, released, then the server's trim
        idle = (server.status("VmRSS") - rss0) / count
        return {"connections": count, "rss_per_connection_after_message": int(busy),
                "rss_per_connection_idle": int(idle), "alive": server.alive()}
    finally:
        for s in sockets:
            s.close()
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ws")
    parser.add_argument("--compare")
    parser.add_argument("--only", default="fragments,headers,rlimit,silent,idle-deflate")
    parser.add_argument("--silent-wait", type=int, default=50)
    args = parser.parse_args()
    raise_file_limit()
    only = set(args.only.split(","))
    tally = Tally()
    binaries = ([("baseline", args.compare)] if args.compare else []) + [("this", args.ws)]
    for label, ws in binaries:
        held = label == "this"

        def report(name, result):
            print("%-9s %-22s %s" % (label, name, result), flush=True)
            return result
        if "fragments" in only:
            for compressed in (False, True):
                name = "fragments" + (" (deflate)" if compressed else "")
                r = report(name, attack_fragments(ws, compressed))
                if held:
                    tally.check(name + ": echoed intact", r["intact"] and r["alive"], r)
                    tally.check(name + ": server CPU under 1 s", r["server_cpu"] < 1.0, r)
                    tally.check(name + ": probe on the same loop never waited 1 s", r["probe_worst_ms"] < 1000
                                and r["probe_failed"] is None, r)
        if "headers" in only:
            r = report("headers x1000", attack_headers(ws))
            if held:
                tally.check("1000 16 MiB headers: RSS and VmSize grow < 200 MB",
                            r["rss_growth_mb"] < 200 and r["vmsize_growth_mb"] < 200, r)
                tally.check("1000 16 MiB headers: still serves", r["alive"] and r["probe_echoes"] > 0, r)
        if "rlimit" in only:
            r = report("rlimit 4 GiB x400", attack_rlimit(ws))
            if held:
                tally.check("RLIMIT_AS 4 GiB: survives 400 headers and serves", r["alive"] and r["probe_served"]
                            and r["connections"] == 400, r)
        if "silent" in only:
            r = report("silent x2000", attack_silent(ws, wait=args.silent_wait))
            if held:
                tally.check("2000 silent peers: all dropped by keepalive", r["ended_by_server"] == 2000
                            and r["held_after"] <= 5, r)
        if "idle-deflate" in only:
            r = report("idle deflate x1000", attack_idle_deflate(ws))
            if held:
                tally.check("idle permessage-deflate: <= 96 KB per connection after the release",
                            r["rss_per_connection_idle"] <= 96_000, r)
    return tally.finish()


if __name__ == "__main__":
    sys.exit(main())
