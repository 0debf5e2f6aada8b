import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AxiosProxyConfig } from 'axios';
import { guardedLookup } from './guarded-lookup.js';

import type { TlsMaterial } from '../api/tls-material.js';

export type { TlsMaterial } from '../api/tls-material.js';

/**
 * The connection side of one receiver: agents carrying its TLS material, and its proxy. Built
 * once per notifier. Connections are not kept alive between deliveries: a pooled socket the
 * receiver closed while idle would fail the next POST and cost a retry, and notifications are
 * rare enough that a fresh connection each time is cheap (Flux, too, builds a new client per post).
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

/** A custom CA replaces the system roots, as Flux's cert pool from `ca.crt` does. */
export function createOutboundTransport(options: OutboundTransportOptions): OutboundTransport {
  const tlsOptions: https.AgentOptions = {};
  if (nonEmpty(options.tls?.ca)) tlsOptions.ca = options.tls.ca;
  if (nonEmpty(options.tls?.cert)) tlsOptions.cert = options.tls.cert;
  if (nonEmpty(options.tls?.key)) tlsOptions.key = options.tls.key;
  // The hook sees every name the sockets resolve, the proxy's included.
  const lookup = options.allowLinkLocal === true ? options.lookup : guardedLookup(options.lookup);
  const httpAgent = new http.Agent({ keepAlive: false, lookup });
  const httpsAgent = new https.Agent({ keepAlive: false, lookup, ...tlsOptions });
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
