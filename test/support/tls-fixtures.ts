import { readFileSync } from 'node:fs';

const read = (name: string): string =>
  readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8');

/** Test-only PEMs (scripts/generate-test-tls.sh): a CA, a 127.0.0.1 server and a client. */
export const TEST_TLS = Object.freeze({
  ca: read('ca.crt'),
  serverCert: read('server.crt'),
  serverKey: read('server.key'),
  clientCert: read('client.crt'),
  clientKey: read('client.key'),
});

/** Capture-server TLS options that demand a client certificate signed by the test CA. */
export const MUTUAL_TLS_SERVER = Object.freeze({
  cert: TEST_TLS.serverCert,
  key: TEST_TLS.serverKey,
  ca: TEST_TLS.ca,
  requestCert: true,
});

/** What a Provider's `certSecretRef` holds to reach {@link MUTUAL_TLS_SERVER}. */
export const CLIENT_TLS = Object.freeze({
  ca: TEST_TLS.ca,
  cert: TEST_TLS.clientCert,
  key: TEST_TLS.clientKey,
});
