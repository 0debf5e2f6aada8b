import http from 'node:http';
import https from 'node:https';
import { Socket, type LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AxiosProxyConfig } from 'axios';
import { guardedLookup } from './guarded-lookup.js';

import type { TlsMaterial } from '../api/tls-material.js';

export type { TlsMaterial } from '../api/tls-material.js';

/**
 * The connection side of one receiver: agents carrying its TLS material, and its proxy. Built
 * once per notifier and destroyed with it, so a Provider's deliveries share its connections:
 * without keep-alive every delivery paid a TCP (and TLS) handshake and a flood of events could
 * not be delivered faster than new connections open. An https target behind a proxy still
 * tunnels each request anew (axios's CONNECT agent does not pool).
 */
export interface OutboundTransport {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  /**
   * axios's proxy setting. axios sends plain-http targets to the proxy in absolute form and
   * tunnels https targets through `CONNECT`, applying `httpsAgent`'s TLS options to the origin.
   * `false` (no proxy) also keeps axios from reading `HTTP(S)_PROXY` itself: configuration is
   * read once in `main`, not by a library deep in the stack.
   */
  readonly proxy: AxiosProxyConfig | false;
  destroy(): void;
}

export interface OutboundTransportOptions {
  readonly tls?: TlsMaterial;
  readonly proxy?: URL;
  /** `--allow-link-local-providers`: connect wherever a name resolves, link-local included. */
  readonly allowLinkLocal?: boolean;
  /** Resolves names for the sockets (dns.lookup; tests inject their own). */
  readonly lookup?: LookupFunction;
}

/**
 * How long a pooled connection may idle before it is closed: below the 5 s after which Node's
 * and Apache's servers close theirs, so a POST seldom goes out on a connection the receiver is
 * closing (when it does, it fails with ECONNRESET and is retried).
 */
const IDLE_CONNECTION_MS = 4_000;

/**
 * Keeps connections for the next delivery, the most recently used first so the others idle
 * out, as Node's own default agent. The idle timeout is set on each idle socket rather than as
 * the agent's `timeout`: axios copies the agent's options into its CONNECT agent for https
 * behind a proxy, where a `timeout` would also bound setting up the tunnel.
 */
const POOLING: http.AgentOptions = { keepAlive: true, scheduling: 'lifo' };

class PoolingHttpAgent extends http.Agent {
  override keepSocketAlive(socket: Duplex): boolean {
    const keep: (socket: Duplex) => unknown = super.keepSocketAlive.bind(this);
    return idleOut(socket, keep(socket));
  }
}

class PoolingHttpsAgent extends https.Agent {
  override keepSocketAlive(socket: Duplex): boolean {
    const keep: (socket: Duplex) => unknown = super.keepSocketAlive.bind(this);
    return idleOut(socket, keep(socket));
  }
}

/**
 * `kept` is Node's verdict (typed `void`, it is false when the receiver's Keep-Alive hint is
 * too short to reuse the socket safely); a socket kept is closed once idle too long.
 */
function idleOut(socket: Duplex, kept: unknown): boolean {
  if (kept === false) return false;
  // The agent destroys a pooled socket on its timeout; one in use only emits it, unheard.
  if (socket instanceof Socket) socket.setTimeout(IDLE_CONNECTION_MS);
  return true;
}

/** A custom CA replaces the system roots, as Flux's cert pool from `ca.crt` does. */
export function createOutboundTransport(options: OutboundTransportOptions): OutboundTransport {
  const tlsOptions: https.AgentOptions = {};
  if (nonEmpty(options.tls?.ca)) tlsOptions.ca = options.tls.ca;
  if (nonEmpty(options.tls?.cert)) tlsOptions.cert = options.tls.cert;
  if (nonEmpty(options.tls?.key)) tlsOptions.key = options.tls.key;
  // The hook sees every name the sockets resolve, the proxy's included.
  const lookup = options.allowLinkLocal === true ? options.lookup : guardedLookup(options.lookup);
  const httpAgent = new PoolingHttpAgent({ ...POOLING, lookup });
  const httpsAgent = new PoolingHttpsAgent({ ...POOLING, lookup, ...tlsOptions });
  return {
    httpAgent,
    httpsAgent,
    proxy: options.proxy === undefined ? false : axiosProxyOf(options.proxy),
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function axiosProxyOf(url: URL): AxiosProxyConfig {
  const protocol = url.protocol.slice(0, -1);
  const defaultPort = protocol === 'https' ? 443 : 80;
  const config: AxiosProxyConfig = {
    protocol,
    // URL keeps IPv6 literals bracketed; sockets want them bare.
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? defaultPort : Number(url.port),
  };
  if (url.username !== '' || url.password !== '') {
    config.auth = {
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  }
  return config;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
