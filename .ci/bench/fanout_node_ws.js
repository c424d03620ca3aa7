#!/usr/bin/env node
// Fan-out peer for .ci/bench_fanout_peers.sh: a broadcast room server on Node's `ws` (Debian node-ws), looping
// over the room's clients and sending to each.
//
//   NODE_PATH=/usr/share/nodejs node .ci/bench/fanout_node_ws.js PORT
//
// Behaves like `ws serve --mode broadcast` as `ws bench fanout` uses it: listens on 127.0.0.1:PORT; a connection
// joins the room ?room=NAME, else /room/NAME, else `lobby` for / (any other path is refused with 400); every data
// message goes to every open member of the sender's room, the sender included, with its own type (binary stays
// binary). No permessage-deflate, no keepalive pings (the bench runs `ws serve --no-keepalive`), 16 MiB messages.
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2]);
const rooms = new Map();

function roomOf(url) {
  const parsed = new URL(url, 'http://localhost');
  const query = parsed.searchParams.get('room');
  if (query !== null && query !== '') return query;
  if (parsed.pathname.startsWith('/room/') && parsed.pathname.length > '/room/'.length) {
    return decodeURIComponent(parsed.pathname.slice('/room/'.length));
  }
  if (parsed.pathname === '/') return 'lobby';
  return null;
}

const server = new WebSocketServer({
  host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 16 << 20, clientTracking: false,
  verifyClient: (info, done) => done(roomOf(info.req.url) !== null, 400, 'connect to / or /room/NAME (or add ?room=NAME)'),
});

server.on('connection', (socket, request) => {
  const name = roomOf(request.url);
  let members = rooms.get(name);
  if (members === undefined) { members = new Set(); rooms.set(name, members); }
  members.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const member of members) {
      if (member.readyState === WebSocket.OPEN) member.send(data, { binary: isBinary });
    }
  });
  socket.on('close', () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(name);
  });
  socket.on('error', () => {});
});

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
