'use strict';
// SOFARPC peers built on sofa-rpc-node (its RpcServer and RpcClient, Hessian2 bodies, no registry: direct addresses).
//
//   node rpc.js server <name>
//     Serves com.alipay.test.HelloService:1.0 and com.alipay.test.EchoService:1.0 on a free port. HelloService:
//     sayHello(name) -> "hello <name> from <server name>", plus(a, b) -> a + b, fail() throws "failed on purpose",
//     hang() never answers, whoami() -> <server name>. EchoService: echo(text) -> text, whoami() -> <server name>.
//     Prints "LISTENING <port>" once it listens and "CONNECTION" for each connection it accepts.
//
//   node rpc.js client <port> <spec json>
//     spec: { protocol: "bolt" | "bolt2", crc: bool, heartbeats: n, timeout: ms, frameTimeout: ms (default: timeout),
//             calls: [{ service: "com.alipay.test.HelloService", method: "plus", count: n }] }
//     One RpcClient (one connection to 127.0.0.1:<port>), one consumer per service, every call of every entry started
//     at once, `heartbeats` heartbeats written on the same connection meanwhile. Arguments are built per call index i:
//     sayHello ["peter-i"], plus [i, 1000], echo ["echo-i"], others none. Prints one JSON line:
//     { results: [{ service, method, index, id, status, value, error, errorName }], heartbeatAcks, crcFrames }
//     (crcFrames: v2 frames received with ver1 2 and the CRC switch on).
//     `status` is the Bolt response status read from the frame header (the library does not expose it).
const bolt = require('sofa-bolt-node');
const { RpcServer } = require('sofa-rpc-node').server;
const { RpcClient } = require('sofa-rpc-node').client;

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const [mode, ...rest] = process.argv.slice(2);

function runServer(name) {
  const server = new RpcServer({ logger, port: 0 });
  server.addService({ interfaceName: 'com.alipay.test.HelloService' }, {
    async sayHello(who) { return `hello ${who} from ${name}`; },
    async plus(a, b) { return a + b; },
    async fail() { throw new Error('failed on purpose'); },
    async hang() { return new Promise(() => {}); },
    async whoami() { return name; },
  });
  server.addService({ interfaceName: 'com.alipay.test.EchoService' }, {
    async echo(text) { return text; },
    async whoami() { return name; },
  });
  server.on('error', () => {});
  server.on('connection', () => console.log('CONNECTION'));
  server.start().then(() => console.log(`LISTENING ${server.publishPort}`));
  process.on('SIGTERM', () => process.exit(0));
}

// Bolt frames seen by the client, read straight from the bytes: status per response id, heartbeat acks.
function frameTap() {
  const tap = { statuses: new Map(), heartbeatAcks: 0, crcFrames: 0, raw: Buffer.alloc(0) };
  tap.feed = chunk => {
    tap.raw = Buffer.concat([tap.raw, chunk]);
    for (;;) {
      const b = tap.raw;
      if (b.length < 1) return;
      const v2 = b[0] === 2;
      const shift = v2 ? 1 : 0;
      const tail = v2 ? 12 : 10;
      const headerLength = tail + 10;
      if (b.length < headerLength) return;
      if (b[1 + shift] !== 0) throw new Error('the proxy sent a request to the client');
      let length = headerLength + b.readUInt16BE(tail + 2) + b.readUInt16BE(tail + 4) + b.readUInt32BE(tail + 6);
      const crc = v2 && b[1] === 2 && (b[11] & 1) === 1;
      if (crc) length += 4;
      if (b.length < length) return;
      const cmdCode = b.readUInt16BE(2 + shift);
      if (cmdCode === 0) tap.heartbeatAcks++;
      else tap.statuses.set(b.readUInt32BE(5 + shift), b.readUInt16BE(tail));
      if (crc) tap.crcFrames++;
      tap.raw = b.subarray(length);
    }
  };
  return tap;
}

function argsFor(method, i) {
  switch (method) {
    case 'sayHello': return [{ $class: 'java.lang.String', $: `peter-${i}` }];
    case 'plus': return [{ $class: 'int', $: i }, { $class: 'int', $: 1000 }];
    case 'echo': return [{ $class: 'java.lang.String', $: `echo-${i}` }];
    default: return [];
  }
}

async function runClient(port, spec) {
  const tap = frameTap();
  // sofa-bolt-node with two hooks: v2 framing (and CRC) on the encoder, the tap on the decoder.
  const protocol = Object.assign({}, bolt, {
    encoder(options) {
      const encoder = bolt.encoder(options);
      if (spec.protocol === 'bolt2') {
        encoder.protocolType = 'bolt2';
        encoder.boltVersion = spec.crc ? 2 : 1;
        encoder.crcEnable = !!spec.crc;
      }
      if (spec.frameTimeout) {
        // The timeout the frame states (what the proxy applies), apart from the client's own timer (spec.timeout).
        const writeRequest = encoder.writeRequest;
        encoder.writeRequest = function(id, req, callback) {
          return writeRequest.call(this, id, Object.assign({}, req, { timeout: spec.frameTimeout }), callback);
        };
      }
      return encoder;
    },
    decoder(options) {
      const decoder = bolt.decoder(options);
      const write = decoder._write;
      decoder._write = function(chunk, encoding, callback) {
        tap.feed(chunk);
        return write.call(this, chunk, encoding, callback);
      };
      return decoder;
    },
  });
  const client = new RpcClient({ logger, protocol });
  const timeout = spec.timeout || 10000;
  const consumers = new Map();
  for (const call of spec.calls) {
    if (!consumers.has(call.service)) {
      const consumer = client.createConsumer({ interfaceName: call.service, serverHost: `127.0.0.1:${port}`, responseTimeout: timeout });
      // The request's ctx is our result record: learn the packet id the library gave the call.
      consumer.on('response', ctx => { if (ctx.req.ctx) ctx.req.ctx.id = ctx.req.meta.id; });
      consumers.set(call.service, consumer);
      await consumer.ready();
    }
  }

  const pending = [];
  for (const call of spec.calls) {
    const consumer = consumers.get(call.service);
    for (let i = 0; i < call.count; i++) {
      const result = { service: call.service, method: call.method, index: i, id: null, value: null, error: null, errorName: null };
      pending.push(consumer.invoke(call.method, argsFor(call.method, i), { responseTimeout: timeout, ctx: result })
        .then(value => { result.value = value; }, err => { result.error = String(err.message); result.errorName = err.name; })
        .then(() => result));
    }
  }

  const connection = [...client.connectionManager._connections.values()][0];
  for (let i = 0; i < (spec.heartbeats || 0); i++) {
    connection._encoder.writeHeartbeat(0x70000000 + i, { clientUrl: 'interop' });
  }

  const results = await Promise.all(pending);
  const deadline = Date.now() + 10000;
  while (tap.heartbeatAcks < (spec.heartbeats || 0) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  for (const result of results) {
    result.status = tap.statuses.has(result.id) ? tap.statuses.get(result.id) : null;
  }
  // Exit only once the (pipe) write is flushed: a large report would be cut at 64 KiB otherwise.
  process.stdout.write(JSON.stringify({ results, heartbeatAcks: tap.heartbeatAcks, crcFrames: tap.crcFrames }) + '\n', () => process.exit(0));
}

if (mode === 'server') {
  runServer(rest[0] || 'server');
} else if (mode === 'client') {
  setTimeout(() => { console.error('timed out'); process.exit(3); }, 60000).unref();
  runClient(Number(rest[0]), JSON.parse(rest[1])).catch(err => { console.error(err && err.stack || String(err)); process.exit(2); });
} else {
  console.error('usage: node rpc.js server <name> | node rpc.js client <port> <spec json>');
  process.exit(1);
}
