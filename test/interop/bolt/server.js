'use strict';
// A SOFABolt v1 RPC server built on sofa-bolt-node: answers `sayHello` with "hello <arg> !", answers `fail` with a
// server exception (Bolt status ServerException), never answers `hang`, answers heartbeats. Prints "LISTENING <port>" once it accepts
// connections and "CONNECTION" for each connection it accepts.
const net = require('net');
const pump = require('pump');
const protocol = require('sofa-bolt-node');

const server = net.createServer(socket => {
  console.log('CONNECTION');
  const options = { sentReqs: new Map() };
  const encoder = protocol.encoder(options);
  const decoder = protocol.decoder(options);
  pump(encoder, socket, decoder, () => {});
  decoder.on('request', req => {
    if (req.data.methodName === 'hang') {
      return; // never answered: the caller's timeout decides
    }
    if (req.data.methodName === 'fail') {
      encoder.writeResponse(req, { isError: true, errorMsg: 'failed on purpose', appResponse: null });
      return;
    }
    encoder.writeResponse(req, {
      isError: false,
      appResponse: { $class: 'java.lang.String', $: `hello ${req.data.args[0]} !` },
    });
  });
  decoder.on('heartbeat', hb => encoder.writeHeartbeatAck(hb));
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`LISTENING ${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
