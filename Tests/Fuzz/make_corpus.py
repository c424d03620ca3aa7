#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets to Vectors/fuzz-corpus/<target>/ (run once; the files are committed).

Each file starts with the configuration bytes its target reads (see Sources/WebSocketFuzzTargets/), then data:
RFC 6455 example frames, real handshakes, RFC 7692 examples and zlib raw-deflate streams.
"""
import os
import struct
import sys
import zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Vectors", "fuzz-corpus")


def write(target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(bytes(data))


def frame(opcode, payload, fin=True, rsv=0, key=None):
    b0 = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    mask = 0x80 if key else 0
    if n <= 125:
        head = bytes([b0, mask | n])
    elif n <= 0xFFFF:
        head = bytes([b0, mask | 126]) + struct.pack(">H", n)
    else:
        head = bytes([b0, mask | 127]) + struct.pack(">Q", n)
    if key:
        return head + key + bytes(c ^ key[i % 4] for i, c in enumerate(payload))
    return head + payload


def raw_deflate(data, wbits=15, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, -wbits)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(b"\x00\x00\xff\xff")
    return out[:-4]


KEY = bytes([0x37, 0xFA, 0x21, 0x3D])  # RFC 6455 §5.7

# frame-decoder: c0 (role bit 0: 0 server / 1 client, rsv bits 1-3, accept non-minimal bit 4, chunking 5-7), c1 (limit)
write("frame-decoder", "rfc6455-unmasked-hello", [0x01, 0x00] + list(frame(1, b"Hello")))
write("frame-decoder", "rfc6455-masked-hello", [0x20, 0x00] + list(frame(1, b"Hello", key=KEY)))
write("frame-decoder", "rfc6455-fragmented", [0x41, 0x00] + list(frame(1, b"Hel", fin=False) + frame(0, b"lo")))
write("frame-decoder", "rfc6455-ping-pong", [0x60, 0x00] + list(frame(9, b"Hello", key=KEY) + frame(10, b"Hello", key=KEY)))
write("frame-decoder", "rfc6455-256-binary", [0x81, 0x03] + list(frame(2, bytes(256))))
write("frame-decoder", "rfc6455-64k-header", [0xA1, 0x00] + list(frame(2, bytes(65536))[:10]) + [0] * 16)
write("frame-decoder", "rsv1-compressed", [0x03, 0x00] + list(bytes([0xC1, 0x07]) + raw_deflate(b"Hello")))
write("frame-decoder", "nonminimal-accepted", [0x31, 0x00, 0x82, 0x7E, 0x00, 0x05] + list(b"abcde"))
write("frame-decoder", "close-masked", [0x00, 0x01] + list(frame(8, b"\x03\xe8bye", key=KEY)))

# connection: c0 (role bit 0, deflate bit 1, settings bits 2-3, tight limits bit 4, chunking 5-7)
hello = raw_deflate(b"Hello")
write("connection", "server-text-ping-close", [0x20] + list(
    frame(1, b"Hello", key=KEY) + frame(9, b"hi", key=KEY) + frame(8, b"\x03\xe8", key=KEY)))
write("connection", "client-fragmented-text", [0x41] + list(frame(1, b"Hel", fin=False) + frame(9, b"") + frame(0, b"lo")))
write("connection", "client-close-reason", [0x01] + list(frame(8, b"\x03\xe9going away")))
write("connection", "server-utf8-binary", [0x60] + list(
    frame(1, "κόσμε".encode(), key=KEY) + frame(2, bytes(range(200)), key=KEY)))
write("connection", "client-deflate-rfc7692-hello", [0x03] + list(frame(1, hello, rsv=0x40)))
write("connection", "client-deflate-rfc7692-fragmented", [0x23] + list(
    frame(1, hello[:3], fin=False, rsv=0x40) + frame(0, hello[3:])))
write("connection", "server-deflate-context-takeover", [0x42] + list(
    frame(1, raw_deflate(b"Hello"), rsv=0x40, key=KEY)
    + frame(1, zlib.compressobj(6, zlib.DEFLATED, -15).compress(b"") or b"\xf2\x00\x11\x00\x00", rsv=0x40, key=KEY)))
c = zlib.compressobj(6, zlib.DEFLATED, -15)
m1 = c.compress(b"Hello, Hello, Hello") + c.flush(zlib.Z_SYNC_FLUSH)
m2 = c.compress(b"Hello, Hello, Hello") + c.flush(zlib.Z_SYNC_FLUSH)
write("connection", "client-deflate-two-messages", [0x63] + list(
    frame(1, m1[:-4], rsv=0x40) + frame(1, m2[:-4], rsv=0x40)))
write("connection", "server-deflate-no-takeover", [0x86] + list(
    frame(2, raw_deflate(bytes(300)), rsv=0x40, key=KEY) + frame(8, b"", key=KEY)))
write("connection", "client-deflate-window8", [0x0B] + list(
    frame(2, raw_deflate(b"abcabcabc" * 40, wbits=9)[:], rsv=0x40)))
write("connection", "server-tight-limits", [0x30] + list(
    frame(2, bytes(250), key=KEY) + frame(2, bytes(150), fin=False, key=KEY) + frame(0, bytes(150), key=KEY)))

# server-handshake: c0 (deflate bit 0, subprotocol "chat" bit 1, tight limits bit 4, chunking 5-7)
request = (b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n"
           b"Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n")
write("server-handshake", "rfc6455-1.3", [0x02] + list(request))
write("server-handshake", "rfc6455-with-frames", [0x22] + list(request + frame(1, b"Hello", key=KEY) + frame(8, b"\x03\xe8", key=KEY)))
deflate_request = request.replace(b"\r\n\r\n", b"\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
write("server-handshake", "rfc7692-offer", [0x01] + list(deflate_request + frame(1, hello, rsv=0x40, key=KEY)))
write("server-handshake", "rfc7692-offers-parameters", [0x41] + list(request.replace(
    b"\r\n\r\n", b"\r\nSec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10; client_no_context_takeover,"
    b" permessage-deflate; client_max_window_bits=\"12\", x-webkit-deflate-frame\r\n\r\n")))
write("server-handshake", "plain-http-get", [0x00] + list(b"GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n"))
write("server-handshake", "post-rejected", [0x60] + list(request.replace(b"GET", b"POST")))
write("server-handshake", "version-8", [0x10] + list(request.replace(b"Version: 13", b"Version: 8")))
write("server-handshake", "incomplete", [0x00] + list(request[:60]))

# client-handshake: c0 (deflate bit 0, subprotocols bit 1, tight limits bit 4, chunking 5-7)
response = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
write("client-handshake", "rfc6455-1.3", [0x02] + list(response + b"Sec-WebSocket-Protocol: chat\r\n\r\n"))
write("client-handshake", "rfc6455-with-frames", [0x20] + list(response + b"\r\n" + frame(1, b"Hello") + frame(9, b"p")))
write("client-handshake", "rfc7692-accept", [0x01] + list(
    response + b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10; server_no_context_takeover\r\n\r\n"
    + frame(1, hello, rsv=0x40)))
write("client-handshake", "rfc7692-unoffered", [0x40] + list(response + b"Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"))
write("client-handshake", "bad-accept", [0x00] + list(response.replace(b"xOo=", b"xOp=") + b"\r\n"))
write("client-handshake", "403", [0x00] + list(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
write("client-handshake", "tight", [0x10] + list(response + b"X-A: 1\r\n" * 8 + b"\r\n"))

# extension-header: header values separated by line feeds
for name, value in [
    ("rfc7692-default", b"permessage-deflate; client_max_window_bits"),
    ("rfc7692-two-offers", b"permessage-deflate; client_max_window_bits=10, permessage-deflate"),
    ("rfc7692-all-parameters", b"permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                                b" server_max_window_bits=9; client_max_window_bits=\"8\""),
    ("quoted-escapes", b"foo; bar=\"b\\az\", , baz ;  x = y"),
    ("two-values", b"permessage-deflate\nx-webkit-deflate-frame; no_context_takeover"),
    ("malformed", b"permessage-deflate; =1"),
    ("bad-window", b"permessage-deflate; server_max_window_bits=16; client_max_window_bits=7"),
]:
    write("extension-header", name, value)

# inflate: c0 (window bits 0-2, chunking 5-7), c1 (cap bits 0-2)
write("inflate", "rfc7692-hello", [0x07, 0x07] + list(hello))
write("inflate", "rfc7692-hello-stored", [0x27, 0x02] + list(b"\x00\x05\x00\xfa\xffHello"))
write("inflate", "rfc7692-bfinal", [0x07, 0x07] + list(b"\xf3\x48\xcd\xc9\xc9\x07\x00"))
write("inflate", "zlib-dynamic", [0x47, 0x06] + list(raw_deflate(bytes(range(256)) * 4 + b"abc" * 300)))
write("inflate", "zlib-window9", [0x61, 0x05] + list(raw_deflate(b"The quick brown fox " * 40, wbits=9)))
write("inflate", "zlib-level1", [0x87, 0x04] + list(raw_deflate(b"0123456789" * 100, level=1)))
write("inflate", "bomb-capped", [0x07, 0x03] + list(raw_deflate(bytes(60000), level=9)))
write("inflate", "two-messages", [0x07, 0x07] + list(m1 + m2[:-4]))

# deflate-roundtrip: c0 (level, reset bit 7), c1 (window bits 0-2, messages 3-4), c2 (chunk sizes)
text = b"permessage-deflate: RFC 7692 compresses each message with DEFLATE. " * 6
write("deflate-roundtrip", "text-level6", [0x05, 0x07, 0x00] + list(text))
write("deflate-roundtrip", "text-level1-window8", [0x00, 0x00, 0x09] + list(text))
write("deflate-roundtrip", "binary-level9-messages", [0x88, 0x1F, 0x2A] + list(bytes(range(256)) * 3))
write("deflate-roundtrip", "zeros", [0x03, 0x0D, 0x3F] + [0] * 2000)
write("deflate-roundtrip", "empty", [0x05, 0x07, 0x00])
write("deflate-roundtrip", "random", [0x06, 0x0F, 0x12] + list(os.urandom(0) or bytes((i * 7919 + 13) % 251 for i in range(700))))

# resp-parser: c0 (chunking bits 0-2, tight limits bit 3); every reply of Vectors/resp/ plus all valid ones pipelined
import json
resp = os.path.join(root, "..", "resp")
valid = json.load(open(os.path.join(resp, "valid.json")))["vectors"]
invalid = json.load(open(os.path.join(resp, "invalid.json")))["vectors"]
for i, v in enumerate(valid):
    for c0 in (0x00, 0x0B):
        write("resp-parser", "valid-%02d-%02x" % (i, c0), [c0] + list(v["wire"].encode()))
for i, v in enumerate(invalid):
    data = bytes.fromhex(v["hex"]) if "hex" in v else v["wire"].encode()
    write("resp-parser", "invalid-%02d" % i, [0x0D] + list(data))
write("resp-parser", "pipelined-all", [0x02] + list(b"".join(v["wire"].encode() for v in valid)))
