import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OIDC issuer of the test's own on loopback: a discovery document, a JWKS with one RSA key,
 * and RS256 tokens signed with it. `url` is its issuer URL; `jwksUrl` its keys.
 */
export interface TestIssuer {
  readonly url: string;
  readonly jwksUrl: string;
  /** How many times the JWKS was fetched (to see the cache work). */
  readonly jwksFetches: () => number;
  sign(claims: Record<string, unknown>, keyId?: string): string;
  close(): Promise<void>;
}

export async function startTestIssuer(kid = 'test-key'): Promise<TestIssuer> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let fetches = 0;
  let url = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks` }));
    } else if (req.url === '/jwks') {
      fetches++;
      const jwk = publicKey.export({ format: 'jwk' });
      res.end(JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url,
    jwksUrl: `${url}/jwks`,
    jwksFetches: () => fetches,
    sign: (claims, keyId = kid) => signJwt(claims, privateKey, keyId),
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

/** A compact RS256 JWS of `claims`. */
export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
