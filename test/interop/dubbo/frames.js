'use strict';
// Builds Dubbo v2 frames with hessian.js (an independent Hessian2 encoder) and prints them as hex, one per line.
//   node frames.js request <id> <service> <method> <version> <timeoutMs>
//     a two-way Hessian2 request in Dubbo's body layout: framework version, service path, service version, method,
//     parameter descriptor, the arguments (an object, an int, a long, a list, a double, bytes, a date, a map),
//     then the attachments map (path, interface, version, group, timeout).
//   node frames.js response <id> <text>
//     an OK response whose body is Dubbo's RESPONSE_VALUE (1) then the string.
const hessian = require('hessian.js');

function frame(flag, status, id, body) {
  const head = Buffer.alloc(16);
  head[0] = 0xda;
  head[1] = 0xbb;
  head[2] = flag;
  head[3] = status;
  head.writeBigUInt64BE(BigInt(id), 4);
  head.writeInt32BE(body.length, 12);
  return Buffer.concat([head, body]);
}

const [kind, ...args] = process.argv.slice(2);
if (kind === 'request') {
  const [id, service, method, version, timeout] = args;
  const enc = new hessian.EncoderV2();
  enc.write('2.0.2');
  enc.write(service);
  enc.write(version);
  enc.write(method);
  enc.write('Lcom/example/User;IJLjava/util/List;D[BLjava/util/Date;Ljava/util/Map;');
  enc.write({ $class: 'com.example.User', $: { name: { $class: 'java.lang.String', $: 'Ünïcode 名前' }, age: { $class: 'int', $: 42 } } });
  enc.write({ $class: 'int', $: 123456 });
  enc.write({ $class: 'long', $: 9007199254740991 });
  enc.write({ $class: 'java.util.ArrayList', $: [{ $class: 'java.lang.String', $: 'a' }, { $class: 'int', $: 2 }] });
  enc.write({ $class: 'double', $: 3.25 });
  enc.write(Buffer.from([1, 2, 3, 4, 5]));
  enc.write(new Date(1700000000000));
  enc.write({ $class: 'java.util.HashMap', $: { k: { $class: 'com.example.User', $: { name: 'inner', age: 7 } } } });
  enc.write({
    $class: 'java.util.HashMap',
    $: { path: service, interface: service, version, group: 'blue', timeout },
  });
  console.log(frame(0xc2, 0, id, enc.get()).toString('hex'));
} else if (kind === 'response') {
  const [id, text] = args;
  const enc = new hessian.EncoderV2();
  enc.write(1);
  enc.write(text);
  console.log(frame(0x02, 20, id, enc.get()).toString('hex'));
} else {
  console.error('usage: node frames.js request|response ...');
  process.exit(2);
}
