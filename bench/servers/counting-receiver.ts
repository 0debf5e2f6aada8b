// The receiver of the delivery benchmark: answers every POST 200 and counts it; `GET /count`
// says how many have arrived. Nothing else, so both senders are measured against the same floor.
// `--tls` serves https with the test certificate for 127.0.0.1.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TEST_TLS } from '../../test/support/tls-fixtures.js';

let received = 0;
const handle: http.RequestListener = (req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.end(String(received));
    return;
  }
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  });
};
const server = process.argv.includes('--tls')
  ? https.createServer({ cert: TEST_TLS.serverCert, key: TEST_TLS.serverKey }, handle)
  : http.createServer(handle);
// Longer than any pause between rounds, so neither sender pays for a closed idle connection.
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
