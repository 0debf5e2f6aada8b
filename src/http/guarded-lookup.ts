import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressNotAllowedMessage, isRefusedAddress, REFUSED_ADDRESS } from './address-policy.js';
import { HeraldError } from '../errors/herald-error.js';

/** A connection refused because its address is one Providers may not reach. */
export class AddressNotAllowedError extends HeraldError {
  constructor(message: string) {
    super('HERALD_DELIVERY_ADDRESS_NOT_ALLOWED', message);
  }
}

/**
 * A resolver for the agents' `lookup` hook: resolves as `resolve` does (dns.lookup), then
 * refuses the connection when any address is link-local or a metadata server. Readiness can only
 * judge what the URL says; a harmless name may resolve to 169.254.169.254, and only this sees it.
 * Literal IPs never come here (sockets skip lookup for them): post-json checks those itself.
 */
export function guardedLookup(resolve: LookupFunction = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, address, family) => {
      if (error !== null) {
        callback(error, address, family);
        return;
      }
      const addresses = typeof address === 'string' ? [address] : address.map((a) => a.address);
      const refused = addresses.find((candidate) => isRefusedAddress(candidate));
      if (refused === undefined) {
        callback(null, address, family);
        return;
      }
      const message = addressNotAllowedMessage(
        `${hostname} resolves to ${refused}, ${REFUSED_ADDRESS}`,
      );
      callback(new AddressNotAllowedError(message), address, family);
    });
  };
}
