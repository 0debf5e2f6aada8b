// The relay floor of the delivery benchmark: what any Node relay of one webhook must do and no
// more. Each POST is read and answered 202, then its bytes are posted on to the target (argv[2])
// with a keep-alive client, 4 at a time in arrival order. No validation, matching or metrics:
// two HTTP exchanges per event on one core, which is what bounds Herald's own figure. An https
// target is trusted through the test CA.
import http from 'node:http';
import https from 'node:https';
import { DELIVERY_CONCURRENCY_PER_PROVIDER } from '../../src/pipeline/limits.js';
import { listen } from '../../src/server/listen.js';
import { TEST_TLS } from '../../test/support/tls-fixtures.js';
import { announcePort } from './announce-port.js';

const target = new URL(process.argv[2] ?? '');
const secure = target.protocol === 'https:';
const agent = secure
  ? new https.Agent({ keepAlive: true, ca: TEST_TLS.ca })
  : new http.Agent({ keepAlive: true });
const waiting: Buffer[] = [];
let inFlight = 0;

function forward(body: Buffer): void {
  const outgoing = (secure ? https : http).request(
    target,
    {
      method: 'POST',
      agent,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'herald',
        'gotk-component': 'kustomize-controller',
        'Content-Length': body.length,
      },
    },
    (response) => {
      response.resume();
      response.on('end', next);
    },
  );
  outgoing.on('error', next);
  outgoing.end(body);
}

function next(): void {
  inFlight--;
  pump();
}

function pump(): void {
  while (inFlight < DELIVERY_CONCURRENCY_PER_PROVIDER && waiting.length > 0) {
    const body = waiting.shift();
    if (body === undefined) return;
    inFlight++;
    forward(body);
  }
}

const server = await listen(
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.writeHead(202, { 'Content-Length': 0 });
      res.end();
      waiting.push(Buffer.concat(chunks));
      pump();
    });
  },
  { host: '127.0.0.1', port: 0 },
);
announcePort(server);
