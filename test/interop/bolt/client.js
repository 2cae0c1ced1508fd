'use strict';
// A SOFABolt v1 RPC client built on sofa-bolt-node. Usage:
//   node client.js <port> <service> <method> <requests> <heartbeats>
// Sends every request and heartbeat at once on ONE connection (distinct ids), waits for all answers, and prints one
// JSON line: { results: [{ id, arg, status, value, error }], heartbeatAcks, unknown }. `status` is the Bolt response
// status read from the frame header (the library does not expose it).
const net = require('net');
const pump = require('pump');
const protocol = require('sofa-bolt-node');

const [port, service, method, requests, heartbeats] = process.argv.slice(2);
const total = Number(requests);
const hbTotal = Number(heartbeats);
const sentReqs = new Map();
const encoder = protocol.encoder({ sentReqs });
const decoder = protocol.decoder({ sentReqs });
const socket = net.connect(Number(port), '127.0.0.1');
const results = new Map();
const statuses = new Map();
let heartbeatAcks = 0;
let unknown = 0;
let raw = Buffer.alloc(0);

// Read each response's status straight from the header (offset 10 of a v1 response).
socket.on('data', chunk => {
  raw = Buffer.concat([raw, chunk]);
  while (raw.length >= 20 && raw[0] === 1 && raw[1] === 0) {
    const length = 20 + raw.readUInt16BE(12) + raw.readUInt16BE(14) + raw.readUInt32BE(16);
    if (raw.length < length) break;
    statuses.set(raw.readUInt32BE(5), raw.readUInt16BE(10));
    raw = raw.subarray(length);
  }
});

function finish() {
  if (results.size + heartbeatAcks < total + hbTotal) return;
  const list = [...results.values()].map(r => Object.assign(r, { status: statuses.get(r.id) }));
  console.log(JSON.stringify({ results: list, heartbeatAcks, unknown }));
  socket.destroy();
  process.exit(0);
}

decoder.on('response', res => {
  const pending = sentReqs.get(res.packetId);
  if (!pending) { unknown++; return; }
  const data = res.data || {};
  results.set(res.packetId, {
    id: res.packetId,
    arg: pending.arg,
    value: data.appResponse == null ? null : String(data.appResponse),
    error: data.error ? String(data.error.message) : null,
  });
  finish();
});
decoder.on('heartbeat_ack', () => { heartbeatAcks++; finish(); });

socket.once('connect', () => {
  pump(encoder, socket, decoder, () => {});
  let id = 1000;
  for (let i = 0; i < total; i++) {
    const arg = `peter-${i}`;
    const req = {
      serverSignature: service,
      methodName: method,
      args: [{ $class: 'java.lang.String', $: arg }],
      timeout: 10000,
    };
    id++;
    sentReqs.set(id, { req, arg });
    encoder.writeRequest(id, req);
    if (i < hbTotal) {
      encoder.writeHeartbeat(++id, { clientUrl: 'interop' });
    }
  }
  for (let i = total; i < hbTotal; i++) {
    encoder.writeHeartbeat(++id, { clientUrl: 'interop' });
  }
  if (total + hbTotal === 0) finish();
});
socket.once('error', err => { console.error(String(err)); process.exit(2); });
setTimeout(() => { console.error(`timed out: ${results.size}/${total} responses, ${heartbeatAcks}/${hbTotal} heartbeat acks`); process.exit(3); }, 30000);
