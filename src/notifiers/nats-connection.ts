import type { ConnectionOptions } from 'nats';
import { addressNotAllowedMessage, refusedHostReason } from '../http/address-policy.js';
import { AddressNotAllowedError, guardedLookup } from '../http/guarded-lookup.js';
import type { NatsServer } from './nats-servers.js';
import type { ProviderTarget } from './notifier.js';

/** The connection name Flux's publisher gives itself, which the server's monitoring shows. */
const CLIENT_NAME = 'NATS Provider Publisher';

/**
 * The connection options of a Provider: its servers, and the credentials nats.go would use
 * (Flux hands it the address and the Secret's username/password): a server URL's userinfo wins,
 * then `username` + `password`, then (Herald only, where Flux has none) the `token` key.
 */
export function connectionOptions(
  servers: readonly NatsServer[],
  target: ProviderTarget,
): ConnectionOptions {
  const inUrl = servers.find((server) => server.user !== undefined || server.token !== undefined);
  const { username, password, token } = target;
  const credentials =
    inUrl !== undefined
      ? { user: inUrl.user, pass: inUrl.pass, token: inUrl.token }
      : username !== undefined && username !== '' && password !== undefined && password !== ''
        ? { user: username, pass: password }
        : { token };
  return {
    servers: servers.map((server) => server.hostPort),
    name: CLIENT_NAME,
    ...Object.fromEntries(Object.entries(credentials).filter(([, value]) => value)),
    ...(servers.some((server) => server.tls) ? { tls: {} } : {}),
    timeout: target.timeoutMs,
    // One connection per event, as Flux: nothing to reconnect, no gossiped servers to learn.
    reconnect: false,
    ignoreClusterUpdates: true,
    // Node's own lookup then dials the name the address policy checked.
    resolve: false,
  };
}

/** Refuses servers at link-local or metadata addresses, by name or by what they resolve to. */
export async function checkAddresses(servers: readonly NatsServer[]): Promise<void> {
  const lookup = guardedLookup();
  for (const { hostname } of servers) {
    const reason = refusedHostReason(hostname);
    if (reason !== undefined) throw new AddressNotAllowedError(addressNotAllowedMessage(reason));
    await new Promise<void>((resolve, reject) => {
      lookup(hostname, { all: true }, (error) => {
        // A name that does not resolve is the connection's to report.
        if (error instanceof AddressNotAllowedError) reject(error);
        else resolve();
      });
    });
  }
}
