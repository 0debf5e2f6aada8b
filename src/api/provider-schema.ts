import type { OpenApiSchema } from './openapi-schema.js';
import {
  DEFAULT_PROVIDER_TIMEOUT,
  DEFAULT_THREAD_EXPIRY,
  MAX_PROVIDER_FIELD_LENGTH,
  PROVIDER_TYPES,
} from './provider.js';
import { localReferenceSchema, resourceSchema } from './resource-schema.js';
import { statusSchema } from './status-schema.js';
import { CHAT_TYPES, FLUX_PROVIDER_CLASSES } from '../providers/provider-class.js';
import { TEMPLATE_ON_CHAT_TYPES_ONLY } from './readiness/template-readiness.js';
import { templateSchema } from './template-schema.js';
import { DEFAULT_PACING_MAX_WAIT } from '../storm/storm-defaults.js';

/** The types that set commit statuses, the only ones `commitStatusExpr` is for. */
const COMMIT_STATUS_TYPES = Object.entries(FLUX_PROVIDER_CLASSES)
  .filter(([, providerClass]) => providerClass === 'git')
  .map(([type]) => type);

/** Flux's CRD rule on `spec`, word for word: `commitStatusExpr` only on commit-status types. */
const COMMIT_STATUS_EXPR_RULE = {
  rule: `${COMMIT_STATUS_TYPES.map((type) => `self.type == '${type}'`).join(' || ')} || !has(self.commitStatusExpr)`,
  message: `spec.commitStatusExpr is only supported for the ${COMMIT_STATUS_TYPES.map((type) => `'${type}'`).join(', ')} provider types`,
};

/** Herald's rule on `spec`: `template` only on the chat types, the only ones that use it. */
const TEMPLATE_RULE = {
  rule: `${CHAT_TYPES.map((type) => `self.type == '${type}'`).join(' || ')} || !has(self.template)`,
  message: TEMPLATE_ON_CHAT_TYPES_ONLY,
};

/** Go durations as Flux constrains them: a timeout in ms, s or m; an interval up to h. */
export const TIMEOUT_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m))+$';
export const INTERVAL_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
/** Flux's check on `proxy`: the scheme only; readiness checks the rest of the URL. */
export const PROXY_PATTERN = '^(http|https)://.*$';

function boundedString(description: string, extra: Partial<OpenApiSchema> = {}): OpenApiSchema {
  return { type: 'string', description, maxLength: MAX_PROVIDER_FIELD_LENGTH, ...extra };
}

const providerSpecSchema: OpenApiSchema = {
  type: 'object',
  description: 'Where notifications go and how they are encoded and authenticated.',
  required: ['type'],
  'x-kubernetes-validations': [COMMIT_STATUS_EXPR_RULE, TEMPLATE_RULE],
  properties: {
    type: {
      type: 'string',
      description: 'The kind of endpoint, which decides the payload (slack, loki, generic…).',
      enum: PROVIDER_TYPES,
    },
    address: boundedString(
      "The endpoint, usually an http(s) URL; the Secret's address key replaces it.",
    ),
    channel: boundedString('The channel (or room, topic…) to post to, where the type has one.'),
    username: boundedString("The name to post as; the Secret's username key replaces it."),
    timeout: {
      type: 'string',
      description:
        'How long one delivery may take, retries included (Loki: each push), as a Go duration (e.g. 30s).',
      pattern: TIMEOUT_PATTERN,
      default: DEFAULT_PROVIDER_TIMEOUT,
    },
    proxy: boundedString("An http(s) proxy for deliveries; the Secret's proxy key replaces it.", {
      pattern: PROXY_PATTERN,
    }),
    secretRef: localReferenceSchema(
      'A Secret with credentials: address, proxy, username, password, token, headers.',
    ),
    certSecretRef: localReferenceSchema(
      'A Secret with TLS material: ca.crt to trust, tls.crt and tls.key to present.',
    ),
    proxySecretRef: localReferenceSchema(
      'A Secret with the proxy address, and optionally its username and password.',
    ),
    suspend: { type: 'boolean', description: 'When true, nothing is delivered to this Provider.' },
    interval: {
      type: 'string',
      description: 'Kept for compatibility with Flux manifests; unused.',
      pattern: INTERVAL_PATTERN,
    },
    serviceAccountName: {
      type: 'string',
      description: 'Kept for compatibility with Flux manifests (cloud workload identity); unused.',
    },
    commitStatusExpr: {
      type: 'string',
      description:
        'A CEL expression over event, alert and provider giving the commit status id, for the types that set commit statuses (github, gitlab, gitea, bitbucketserver, bitbucket, azuredevops).',
    },
    pacing: {
      type: 'object',
      description:
        'Sends no faster than the destination takes messages; what waits longer than maxWait is merged into one summary.',
      required: ['enabled'],
      properties: {
        enabled: { type: 'boolean', description: 'When true, notifications are paced.' },
        messagesPerSecond: {
          type: 'number',
          description:
            "The rate; the type's documented one when left out (Slack 1, Teams 4), else 1.",
          minimum: 0.01,
          maximum: 1000,
        },
        burst: {
          type: 'integer',
          description: "Messages sent back to back after a quiet spell; the type's, else 1.",
          minimum: 1,
          maximum: 1000,
        },
        maxWait: {
          type: 'string',
          description: `How long a notification may wait for its turn before the waiting ones are merged, as a Go duration (default ${DEFAULT_PACING_MAX_WAIT}).`,
          pattern: INTERVAL_PATTERN,
        },
      },
    },
    threading: {
      type: 'object',
      description:
        "Herald only: for type slack with Slack's chat.postMessage address, one thread per object (or Alert group): the first notification posts a parent message, later ones reply in its thread and edit the parent to show the latest state.",
      required: ['enabled'],
      properties: {
        enabled: { type: 'boolean', description: 'Whether notifications are threaded.' },
        expiry: {
          type: 'string',
          description: `How long after its last notification a thread is forgotten, as a Go duration (default ${DEFAULT_THREAD_EXPIRY}).`,
          pattern: INTERVAL_PATTERN,
        },
      },
    },
    template: templateSchema(
      'A Go text/template giving the message of chat types, for Alerts without a template of their own.',
    ),
  },
};

/** The openAPIV3Schema of the Provider CRD, and of Providers in local mode. */
export const providerSchema: OpenApiSchema = resourceSchema(
  'A Provider is an endpoint that Alerts deliver notifications to.',
  providerSpecSchema,
  statusSchema('Provider'),
);
