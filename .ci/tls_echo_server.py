#!/usr/bin/env python3
"""A Python `websockets` echo server over wss://, the reference point of .ci/bench_tls.sh (the same settings as
../shared/bench's websockets server: no compression, no size limit, no pings).
usage: tls_echo_server.py --port P --cert CHAIN.pem --key KEY.pem [--host 127.0.0.1]
"""
import argparse
import asyncio
import ssl

import websockets
from websockets.asyncio.server import serve


async def echo(ws):
    try:
        async for message in ws:
            await ws.send(message)
    except websockets.exceptions.ConnectionClosed:
        pass


async def main(args):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    context.set_alpn_protocols(["http/1.1"])
    async with serve(echo, args.host, args.port, ssl=context, max_size=None, compression=None,
                     ping_interval=None, max_queue=64) as server:
        print("websockets %s wss echo on %s:%d" % (websockets.__version__, args.host, args.port), flush=True)
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    asyncio.run(main(parser.parse_args()))
