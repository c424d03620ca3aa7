#!/usr/bin/env python3
"""Fan-out peer for .ci/bench_fanout_peers.sh: a broadcast room server on Python `websockets` and its broadcast().

    python3 .ci/bench/fanout_websockets.py PORT

Behaves like `ws serve --mode broadcast` as `ws bench fanout` uses it: listens on 127.0.0.1:PORT; a connection
joins the room ?room=NAME, else /room/NAME, else `lobby` for / (any other path is refused with 400); every data
message goes to every open member of the sender's room, the sender included, with its own type (binary stays
binary). No permessage-deflate, no keepalive pings (the bench runs `ws serve --no-keepalive`), 16 MiB messages.
"""
import asyncio
import sys
import urllib.parse

from websockets.asyncio.server import broadcast, serve

rooms: dict[str, set] = {}


def room_of(path: str) -> str | None:
    parts = urllib.parse.urlsplit(path)
    query = urllib.parse.parse_qs(parts.query).get("room")
    if query:
        return query[0]
    if parts.path.startswith("/room/") and len(parts.path) > len("/room/"):
        return urllib.parse.unquote(parts.path[len("/room/"):])
    if parts.path == "/":
        return "lobby"
    return None


def process_request(connection, request):
    if room_of(request.path) is None:
        return connection.respond(400, "connect to / or /room/NAME (or add ?room=NAME)\n")
    return None


async def handler(websocket):
    name = room_of(websocket.request.path)
    members = rooms.setdefault(name, set())
    members.add(websocket)
    try:
        async for message in websocket:
            broadcast(members, message)
    finally:
        members.discard(websocket)
        if not members:
            rooms.pop(name, None)


async def main(port: int) -> None:
    async with serve(
        handler, "127.0.0.1", port, process_request=process_request, compression=None,
        ping_interval=None, max_size=16 << 20,
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main(int(sys.argv[1])))
    except KeyboardInterrupt:
        pass
