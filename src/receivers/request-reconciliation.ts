import { DEFAULT_NAMESPACE } from '../api/object-meta.js';
import { WILDCARD, type Receiver, type ReceiverTarget } from '../api/receiver.js';
import { errorMessage } from '../errors/error-message.js';
import { RECONCILE_REQUEST_ANNOTATION } from '../kube/status/receiver-status.js';
import type { Logger } from '../logging/logger.js';
import { targetApiVersion } from './receiver-readiness.js';
import type { ResourceFilter } from './resource-filter.js';
import type { TargetClient, TargetObject } from './target-client.js';

export interface ReconciliationRequest {
  receiver: Receiver;
  filter: ResourceFilter;
  targets: TargetClient;
  /** `--no-cross-namespace-refs`: targets outside the Receiver's namespace are refused. */
  noCrossNamespaceRefs: boolean;
  /** The annotation value: one per webhook call, so each call asks for a new reconcile. */
  requestedAt: string;
  logger: Logger;
}

/**
 * Sets `reconcile.fluxcd.io/requestedAt` on every target of a verified webhook, as Flux does:
 * each `resources` entry on its own, so a missing or refused one is reported (its error
 * returned) while the others are still patched. `*` with matchLabels patches every match; none
 * matching is logged, not an error. Returns the errors, empty when all went through.
 */
export async function requestReconciliation(request: ReconciliationRequest): Promise<string[]> {
  const errors: string[] = [];
  for (const target of request.receiver.spec.resources) {
    try {
      await reconcileTarget(target, request);
    } catch (error) {
      const message = errorMessage(error);
      request.logger.error(
        { resource: target, error: message },
        'unable to request reconciliation',
      );
      errors.push(message);
    }
  }
  return errors;
}

async function reconcileTarget(
  target: ReceiverTarget,
  request: ReconciliationRequest,
): Promise<void> {
  const { receiver, targets, logger } = request;
  const home = receiver.metadata.namespace ?? DEFAULT_NAMESPACE;
  const namespace = target.namespace ?? home;
  if (request.noCrossNamespaceRefs && namespace !== home)
    throw new Error('cross-namespace references are not allowed');
  const apiVersion = targetApiVersion(target);
  if (apiVersion === undefined)
    throw new Error(`apiVersion must be specified for kind '${target.kind}'`);

  if (target.name !== WILDCARD) {
    let object: TargetObject;
    try {
      object = await targets.read(apiVersion, target.kind, namespace, target.name);
    } catch (error) {
      throw new Error(
        `unable to read ${target.kind} '${namespace}/${target.name}' error: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    await annotate(object, request);
    return;
  }
  if (target.matchLabels === undefined)
    throw new Error("matchLabels field not set when using wildcard '*' as name");
  const scope = namespace === WILDCARD ? undefined : namespace;
  const matches = await targets.list(apiVersion, target.kind, scope, target.matchLabels);
  if (matches.length === 0) {
    logger.error(
      { kind: target.kind, matchLabels: target.matchLabels, namespace },
      `no '${target.kind}' resources found with matching labels in '${namespace}' namespace`,
    );
    return;
  }
  for (const object of matches) await annotate(object, request);
}

async function annotate(object: TargetObject, request: ReconciliationRequest): Promise<void> {
  const { kind, metadata } = object;
  const what = `'${kind}/${metadata.name}.${metadata.namespace}'`;
  if (!request.filter(object as unknown as Record<string, unknown>)) {
    request.logger.debug(`resource ${what} NOT annotated because CEL expression returned false`);
    return;
  }
  try {
    await request.targets.annotate(object, RECONCILE_REQUEST_ANNOTATION, request.requestedAt);
  } catch (error) {
    throw new Error(`failed to annotate resource: ${what}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  request.logger.info(`resource ${what} annotated`);
}

/** Go's time.RFC3339Nano of a wall time: fraction to the nanosecond, trailing zeros trimmed. */
export function rfc3339Nano(epochMs: number, subMillisecondNanos = 0): string {
  const iso = new Date(epochMs).toISOString();
  const nanos = (epochMs % 1000) * 1_000_000 + subMillisecondNanos;
  const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}
