import { setImmediate as nextTurn } from 'node:timers/promises';
import { connect, Events, type NatsConnection } from 'nats';
import type { FluxEvent } from '../api/event.js';
import { DeliveryError } from '../http/delivery-error.js';
import { maskSecrets } from '../http/redact.js';
import { errorMessage } from '../errors/error-message.js';
import { createClosableNotifier } from './closable-notifier.js';
import { NATS_DEFAULT_MAX_PAYLOAD_BYTES, encodeNatsMessage } from './nats-payload.js';
import { checkAddresses, connectionOptions } from './nats-connection.js';
import { parseNatsAddress } from './nats-servers.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { untilAborted } from './until-aborted.js';
import { checkTimeout, configError, requiredSetting, secretsOf } from './target-validation.js';

/** Refusals another attempt with the same configuration cannot overcome. */
const FINAL_CODES: ReadonlySet<string> = new Set([
  'AUTHORIZATION_VIOLATION',
  'AUTHENTICATION_EXPIRED',
  'PERMISSIONS_VIOLATION',
  'MAX_PAYLOAD_EXCEEDED',
  'BAD_SUBJECT',
]);

/**
 * Publishes each event's JSON to the subject in spec.channel, as Flux: a connection per event,
 * publish, flush, and the server's refusals (credentials, permissions, size) are the delivery's
 * failure. The Provider's timeout bounds the whole delivery; nothing is retried, as Flux.
 */
export function createNatsNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const subject = requiredSetting(
    target,
    'channel',
    'NATS publishes to the subject in spec.channel: none is set',
  );
  const address = parseNatsAddress(target.address);
  if ('invalid' in address) {
    throw configError(target, 'HERALD_PROVIDER_INVALID_ADDRESS', `address ${address.invalid}`);
  }
  checkTimeout(target);
  const { servers } = address;
  const options = connectionOptions(servers, target);
  const secrets = [
    ...secretsOf(target),
    ...servers.flatMap((server) => [server.pass, server.token]),
  ];
  const owner = `Provider ${target.namespace}/${target.name} (nats)`;
  const fail = (
    code: DeliveryError['code'],
    detail: string,
    attempts: number,
    networkCode?: string,
  ) =>
    new DeliveryError(code, maskSecrets(`${owner}: ${detail}`, secrets), {
      attempts,
      ...(networkCode === undefined ? {} : { networkCode }),
    });

  const publish = async (event: FluxEvent, signal: AbortSignal): Promise<void> => {
    if (deps.allowLinkLocal !== true) {
      try {
        await checkAddresses(servers);
      } catch (error) {
        throw fail('HERALD_DELIVERY_ADDRESS_NOT_ALLOWED', errorMessage(error), 0);
      }
    }
    const timeout = new AbortController();
    const timer = deps.clock.setTimeout(() => {
      timeout.abort(new Error(`timed out after ${String(target.timeoutMs)} ms`));
    }, target.timeoutMs);
    const until = AbortSignal.any([signal, timeout.signal]);
    let connection: NatsConnection | undefined;
    try {
      connection = await untilAborted(connect(options), until, (late) => void late.close());
      const refusals: string[] = [];
      void (async (statuses) => {
        for await (const status of statuses) {
          // An error status carries the server's error code (`PERMISSIONS_VIOLATION`).
          if (status.type === Events.Error && typeof status.data === 'string')
            refusals.push(status.data);
        }
      })(connection.status());
      const body = encodeNatsMessage(
        event,
        connection.info?.max_payload ?? NATS_DEFAULT_MAX_PAYLOAD_BYTES,
      );
      if (body === undefined) {
        throw fail(
          'HERALD_DELIVERY_REJECTED',
          "the event is larger than the server's max_payload even without its message",
          1,
        );
      }
      connection.publish(subject, body);
      await untilAborted(connection.flush(), until);
      // The server answers a refused publish before the flush's PONG; its status is queued.
      await nextTurn();
      const [refusal] = refusals;
      if (refusal !== undefined) {
        throw fail(
          'HERALD_DELIVERY_REJECTED',
          `the server refused to publish to subject ${subject}: ${refusal}`,
          1,
          refusal,
        );
      }
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      if (signal.aborted) throw fail('HERALD_DELIVERY_ABORTED', 'aborted', 1);
      const code = (error as { code?: unknown }).code;
      const networkCode = typeof code === 'string' ? code : undefined;
      throw fail(
        networkCode !== undefined && FINAL_CODES.has(networkCode)
          ? 'HERALD_DELIVERY_REJECTED'
          : 'HERALD_DELIVERY_FAILED',
        `publishing to subject ${subject} failed: ${errorMessage(error)}`,
        1,
        networkCode,
      );
    } finally {
      timer.cancel();
      await connection?.close().catch(() => undefined);
    }
  };
  return createClosableNotifier(owner, publish);
}
