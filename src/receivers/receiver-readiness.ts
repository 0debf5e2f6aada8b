import { DEFAULT_NAMESPACE } from '../api/object-meta.js';
import type { ObjectLookup } from '../api/object-lookup.js';
import {
  DEFAULT_TARGET_API_VERSIONS,
  WILDCARD,
  type Receiver,
  type ReceiverTarget,
} from '../api/receiver.js';
import { readSecretString, type Secret } from '../api/secret.js';
import { CelError, type CelProgram } from '../cel/cel.js';
import { compileOidcRules, validateOidcProviders, type OidcRules } from './oidc/oidc-rules.js';
import { compileResourceFilter } from './resource-filter.js';
import { webhookPath } from './webhook-path.js';

/** The reasons of a Receiver's Ready condition: Flux's own. */
export const ReceiverReason = {
  Succeeded: 'Succeeded',
  TokenNotFound: 'TokenNotFound',
  InvalidCELExpression: 'InvalidCELExpression',
  ValidationFailed: 'ValidationFailed',
} as const;

export type ReceiverReason = (typeof ReceiverReason)[keyof typeof ReceiverReason];

/** What a webhook request needs from the Receiver's Secret; never logged. */
export interface ReceiverSecretData {
  token: string;
  /** gcr: the service account the Pub/Sub push subscription signs as, and the audience. */
  email?: string;
  audience?: string;
}

/** Whether a Receiver works, its webhook path, and what its requests are verified with. */
export interface ReceiverReadiness {
  namespace: string;
  name: string;
  ready: boolean;
  reason: ReceiverReason;
  /** A sentence naming the cause; never the token. */
  message: string;
  /** Known once the token is (or, for generic-oidc, always). */
  webhookPath?: string;
  secret?: ReceiverSecretData;
  resourceFilter?: CelProgram;
  oidc?: OidcRules;
}

/**
 * Checks a Receiver as Flux's reconciler does, plus what Flux checks only when a webhook comes
 * (a target kind without a known apiVersion, `*` without matchLabels), so that such a Receiver
 * is reported at once instead of failing each call. Pure: both modes run it on what they hold.
 */
export function receiverReadiness(
  receiver: Receiver,
  secrets: ObjectLookup<Secret>,
): ReceiverReadiness {
  const namespace = receiver.metadata.namespace ?? DEFAULT_NAMESPACE;
  const { name } = receiver.metadata;
  const { spec } = receiver;
  const base = { namespace, name };
  const failed = (reason: ReceiverReason, message: string, path?: string): ReceiverReadiness => ({
    ...base,
    ready: false,
    reason,
    message,
    ...(path !== undefined && { webhookPath: path }),
  });

  let resourceFilter: CelProgram | undefined;
  if (spec.resourceFilter !== undefined && spec.resourceFilter !== '') {
    try {
      resourceFilter = compileResourceFilter(spec.resourceFilter);
    } catch (error) {
      if (!(error instanceof CelError)) throw error;
      return failed(
        ReceiverReason.InvalidCELExpression,
        `Reconciliation failed terminally due to configuration error: resourceFilter: ${error.message}`,
      );
    }
  }
  const specProblem = targetProblem(spec.resources) ?? typeProblem(receiver);
  if (specProblem !== undefined) return failed(ReceiverReason.ValidationFailed, specProblem);

  let oidc: OidcRules | undefined;
  if (spec.type === 'generic-oidc') {
    const problem = validateOidcProviders(spec.oidcProviders ?? []);
    if (problem !== undefined) return failed(ReceiverReason.ValidationFailed, problem);
    try {
      oidc = compileOidcRules(spec.oidcProviders ?? []);
    } catch (error) {
      if (!(error instanceof CelError)) throw error;
      return failed(ReceiverReason.InvalidCELExpression, error.message);
    }
    // No Secret salts this path: the OIDC token authenticates each request instead.
    const path = webhookPath('', name, namespace);
    return ready(base, path, { resourceFilter, oidc });
  }

  const secretName = spec.secretRef?.name ?? '';
  const secret = secrets(namespace, secretName);
  const where = `'${namespace}/${secretName}'`;
  if (secret === undefined) {
    return failed(
      ReceiverReason.TokenNotFound,
      `unable to read token from secret ${where} error: Secret "${secretName}" not found`,
    );
  }
  const token = readSecretString(secret, 'token');
  if (token === undefined) {
    return failed(
      ReceiverReason.TokenNotFound,
      `invalid ${where} secret data: required fields 'token'`,
    );
  }
  const path = webhookPath(token, name, namespace);
  const data: ReceiverSecretData = { token };
  if (spec.type === 'gcr') {
    const email = readSecretString(secret, 'email');
    const audience = readSecretString(secret, 'audience');
    const missing = [email === undefined && 'email', audience === undefined && 'audience'].filter(
      (key) => key !== false,
    );
    if (missing.length > 0) {
      return failed(
        ReceiverReason.TokenNotFound,
        `invalid ${where} secret data: required fields ${missing.map((key) => `'${key}'`).join(', ')} for gcr Receivers`,
        path,
      );
    }
    data.email = email;
    data.audience = audience;
  }
  return ready(base, path, { resourceFilter, secret: data });
}

function ready(
  base: { namespace: string; name: string },
  path: string,
  extra: Pick<ReceiverReadiness, 'resourceFilter' | 'oidc' | 'secret'>,
): ReceiverReadiness {
  return {
    ...base,
    ready: true,
    reason: ReceiverReason.Succeeded,
    message: `Receiver initialized for path: ${path}`,
    webhookPath: path,
    ...(extra.resourceFilter !== undefined && { resourceFilter: extra.resourceFilter }),
    ...(extra.oidc !== undefined && { oidc: extra.oidc }),
    ...(extra.secret !== undefined && { secret: extra.secret }),
  };
}

/** The apiVersion a target is read with: its own, or Flux's default for its kind. */
export function targetApiVersion(target: ReceiverTarget): string | undefined {
  return target.apiVersion !== undefined && target.apiVersion !== ''
    ? target.apiVersion
    : DEFAULT_TARGET_API_VERSIONS[target.kind];
}

function targetProblem(targets: readonly ReceiverTarget[]): string | undefined {
  for (const [index, target] of targets.entries()) {
    const where = `resources[${index}]`;
    if (targetApiVersion(target) === undefined)
      return `${where}: apiVersion must be specified for kind '${target.kind}'`;
    if (target.name === WILDCARD && target.matchLabels === undefined)
      return `${where}: matchLabels field not set when using wildcard '*' as name`;
    if (target.namespace === WILDCARD && target.name !== WILDCARD)
      return `${where}: namespace '*' requires the name to be '*' too`;
  }
  return undefined;
}

/** Flux's CRD rules on secretRef and oidcProviders, which only generic-oidc swaps. */
function typeProblem(receiver: Receiver): string | undefined {
  const { type, secretRef, oidcProviders = [] } = receiver.spec;
  if (type === 'generic-oidc') {
    if (oidcProviders.length === 0)
      return 'generic-oidc receivers must define at least one oidcProvider';
    if (secretRef !== undefined) return 'secretRef must not be set when type is generic-oidc';
    return undefined;
  }
  if (oidcProviders.length > 0) return 'oidcProviders can only be set when type is generic-oidc';
  if (secretRef === undefined) return 'secretRef is required when type is not generic-oidc';
  return undefined;
}
