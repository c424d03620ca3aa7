#!/usr/bin/env python3
"""Checks that zlib decodes the streams our Deflater wrote.

Usage:
    DEFLATE_ZLIB_CHECK_OUTPUT=/tmp/ours.json swift test --filter ZlibInteropTests
    python3 Tests/WebSocketDeflateTests/zlib_check.py /tmp/ours.json

The file holds {"cases": [{"name", "windowBits", "contextTakeover", "messages": [{"compressed", "plain"}]}]}
with hex strings; "compressed" is a permessage-deflate payload (RFC 7692 §7.2.1: the final 00 00 ff ff
removed). Each message is decoded with zlib.decompressobj(-windowBits) after appending 00 00 ff ff, one
decompressor per case (context takeover) or per message (no context takeover). Exits 1 on any mismatch.
"""
import json
import sys
import zlib

TAIL = b"\x00\x00\xff\xff"


def check(path):
    with open(path) as f:
        cases = json.load(f)["cases"]
    failures = 0
    messages = 0
    for case in cases:
        decoder = None
        for index, message in enumerate(case["messages"]):
            if decoder is None or not case["contextTakeover"]:
                decoder = zlib.decompressobj(-case["windowBits"])
            compressed = bytes.fromhex(message["compressed"])
            expected = bytes.fromhex(message["plain"])
            try:
                got = decoder.decompress(compressed + TAIL)
            except zlib.error as error:
                got = "zlib error: %s" % error
            messages += 1
            if got != expected:
                failures += 1
                print("MISMATCH %s, message %d: %r" % (case["name"], index, got if isinstance(got, str) else len(got)))
    print("zlib %s decoded %d messages in %d cases: %d mismatches" % (zlib.ZLIB_VERSION, messages, len(cases), failures))
    return failures == 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(0 if check(sys.argv[1]) else 1)
