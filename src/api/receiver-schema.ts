import type { OpenApiSchema } from './openapi-schema.js';
import { INTERVAL_PATTERN } from './provider-schema.js';
import {
  DEFAULT_OIDC_AUDIENCE,
  DEFAULT_RECEIVER_INTERVAL,
  RECEIVER_TARGET_KINDS,
  RECEIVER_TYPES,
} from './receiver.js';
import { localReferenceSchema, resourceSchema, stringMapSchema } from './resource-schema.js';
import { statusSchema } from './status-schema.js';

/** Flux's bound on a target's name and namespace, in characters. */
const MAX_TARGET_NAME_LENGTH = 253;

const targetSchema: OpenApiSchema = {
  type: 'object',
  description: 'A Flux object to reconcile when the webhook is called.',
  required: ['kind', 'name'],
  properties: {
    apiVersion: {
      type: 'string',
      description:
        'The API version of the object; Flux sources and image repositories have a default.',
    },
    kind: {
      type: 'string',
      description: 'The kind of the object, one of Flux’s.',
      enum: RECEIVER_TARGET_KINDS,
    },
    name: {
      type: 'string',
      description: 'The name of the object, or * with matchLabels for every object carrying them.',
      minLength: 1,
      maxLength: MAX_TARGET_NAME_LENGTH,
    },
    namespace: {
      type: 'string',
      description:
        "The namespace of the object, the Receiver's own when left out; * for every namespace (name * only).",
      minLength: 1,
      maxLength: MAX_TARGET_NAME_LENGTH,
    },
    matchLabels: stringMapSchema('With name *: the labels every reconciled object must carry.'),
  },
};

const oidcProviderSchema: OpenApiSchema = {
  type: 'object',
  description:
    'An OIDC issuer whose tokens generic-oidc accepts, and the rules the tokens must pass.',
  required: ['issuerURL', 'validations'],
  properties: {
    issuerURL: {
      type: 'string',
      description:
        "The issuer's URL, equal to the tokens' iss claim; its keys are found through discovery.",
      pattern: '^https?://',
    },
    audience: {
      type: 'string',
      description: `The aud claim tokens must carry; ${DEFAULT_OIDC_AUDIENCE} when left out.`,
    },
    variables: {
      type: 'array',
      description:
        'Named CEL expressions over claims (and earlier variables), read as vars.<name>.',
      items: {
        type: 'object',
        description: 'A named CEL expression.',
        required: ['name', 'expression'],
        properties: {
          name: { type: 'string', description: 'The variable name, a CEL identifier.' },
          expression: { type: 'string', description: 'The CEL expression giving its value.' },
        },
      },
    },
    validations: {
      type: 'array',
      description:
        'CEL expressions over claims and vars that must all be true for a request to pass.',
      minItems: 1,
      items: {
        type: 'object',
        description: 'A CEL rule and the message returned when it is false.',
        required: ['expression', 'message'],
        properties: {
          expression: { type: 'string', description: 'A CEL expression giving a bool.' },
          message: { type: 'string', description: 'Why the request was refused, when false.' },
        },
      },
    },
  },
};

const receiverSpecSchema: OpenApiSchema = {
  type: 'object',
  description: 'Who calls the webhook, how a call is verified, and what it reconciles.',
  required: ['type', 'resources'],
  properties: {
    type: {
      type: 'string',
      description: 'The webhook sender, which decides how a request is verified.',
      enum: RECEIVER_TYPES,
    },
    interval: {
      type: 'string',
      description: 'How often the Receiver is checked against its Secret, as a Go duration.',
      pattern: INTERVAL_PATTERN,
      default: DEFAULT_RECEIVER_INTERVAL,
    },
    events: {
      type: 'array',
      description:
        "The sender's event types to act on (github, gitlab, bitbucket, cdevents); empty acts on all.",
      items: { type: 'string' },
    },
    resources: {
      type: 'array',
      description: 'The Flux objects to reconcile when the webhook is called.',
      items: targetSchema,
    },
    resourceFilter: {
      type: 'string',
      description:
        'A CEL expression over res (each object) and req (the JSON body); false skips the object.',
    },
    secretRef: localReferenceSchema(
      'A Secret with the token that salts the webhook path and verifies requests (gcr: also email and audience). Not for generic-oidc.',
    ),
    oidcProviders: {
      type: 'array',
      description: 'generic-oidc only: the issuers whose tokens are accepted.',
      items: oidcProviderSchema,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['issuerURL'],
    },
    suspend: {
      type: 'boolean',
      description: 'When true, the webhook answers 503 and reconciles nothing.',
    },
  },
};

/** The openAPIV3Schema of the Receiver CRD, and of Receivers in local mode. */
export const receiverSchema: OpenApiSchema = resourceSchema(
  'A Receiver is a webhook that asks Flux to reconcile objects at once.',
  receiverSpecSchema,
  statusSchema('Receiver', {
    webhookPath: {
      type: 'string',
      description: 'The path to call: /hook/ and the hex SHA-256 of the token, name and namespace.',
    },
    lastHandledReconcileAt: {
      type: 'string',
      description:
        'The last reconcile.fluxcd.io/requestedAt value the Receiver was reconciled for.',
    },
  }),
);
