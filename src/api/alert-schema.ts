import { DEFAULT_ALERT_SEVERITY, MAX_DISPATCH_ERROR_LENGTH, MAX_SUMMARY_LENGTH } from './alert.js';
import { GROUP_FIELDS } from '../storm/group-key.js';
import { DEFAULT_GROUP_INTERVAL, DEFAULT_GROUP_WAIT } from '../storm/storm-defaults.js';
import { EVENT_FIELD_LIMITS } from './event-schema.js';
import { INTERVAL_PATTERN } from './provider-schema.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { localReferenceSchema, resourceSchema, stringMapSchema } from './resource-schema.js';
import { statusSchema } from './status-schema.js';
import { templateSchema } from './template-schema.js';

/** Flux's bound on eventSources names and namespaces, in characters. */
const MAX_SOURCE_NAME_LENGTH = 253;
const MAX_REASONS = 100;

/**
 * A kind, lower-cased, is a DNS-1035 label for the API server (CRD names.kind), so any real
 * Kubernetes kind fits this; Flux instead lists its own kinds, which Herald must go beyond to
 * match native events of Pods, Deployments, Nodes…
 */
export const KIND_PATTERN = '^[A-Za-z]([-A-Za-z0-9]*[A-Za-z0-9])?$';
const MAX_KIND_LENGTH = 63;

const eventSourceSchema: OpenApiSchema = {
  type: 'object',
  description: 'Selects the events whose involved object has this kind, name and namespace.',
  required: ['kind', 'name'],
  properties: {
    apiVersion: { type: 'string', description: 'The API version of the involved object.' },
    kind: {
      type: 'string',
      description: 'The kind of the involved object, any Kubernetes kind (case-sensitive).',
      minLength: 1,
      maxLength: MAX_KIND_LENGTH,
      pattern: KIND_PATTERN,
    },
    name: {
      type: 'string',
      description: 'The name of the involved object, or * for every object of the kind.',
      minLength: 1,
      maxLength: MAX_SOURCE_NAME_LENGTH,
    },
    namespace: {
      type: 'string',
      description:
        "The namespace of the involved object, or * for every namespace; the Alert's own when left out.",
      minLength: 1,
      maxLength: MAX_SOURCE_NAME_LENGTH,
    },
    matchLabels: stringMapSchema(
      'Labels the involved object must all carry, whatever the name; looked up in the cluster.',
    ),
  },
};

const alertSpecSchema: OpenApiSchema = {
  type: 'object',
  description: 'Which events to send, and through which Provider.',
  required: ['eventSources', 'providerRef'],
  properties: {
    providerRef: localReferenceSchema("The Provider, in the Alert's namespace, that delivers."),
    eventSeverity: {
      type: 'string',
      description: 'info sends events of every severity; error sends only errors.',
      enum: ['info', 'error'],
      default: DEFAULT_ALERT_SEVERITY,
    },
    eventSources: {
      type: 'array',
      description: 'The objects whose events this Alert sends; an event matching any is sent.',
      items: eventSourceSchema,
    },
    inclusionList: {
      type: 'array',
      description: 'RE2 regular expressions; when set, only messages matching one are sent.',
      items: { type: 'string' },
    },
    exclusionList: {
      type: 'array',
      description: 'RE2 regular expressions; messages matching any are not sent.',
      items: { type: 'string' },
    },
    inclusionReasons: {
      type: 'array',
      description: 'Event reasons, compared exactly; when set, only events with one are sent.',
      items: { type: 'string', minLength: 1, maxLength: EVENT_FIELD_LIMITS.reason },
      maxItems: MAX_REASONS,
    },
    exclusionReasons: {
      type: 'array',
      description: 'Event reasons, compared exactly; events with any of them are not sent.',
      items: { type: 'string', minLength: 1, maxLength: EVENT_FIELD_LIMITS.reason },
      maxItems: MAX_REASONS,
    },
    eventMetadata: stringMapSchema(
      "Metadata added to every event sent; the event's own metadata keeps precedence.",
    ),
    summary: {
      type: 'string',
      description: 'A short text added to the metadata of every event as summary.',
      maxLength: MAX_SUMMARY_LENGTH,
    },
    suspend: { type: 'boolean', description: 'When true, the Alert sends nothing.' },
    grouping: {
      type: 'object',
      description:
        'Sends the events of one group together: the first after a wait, as one summary, then at most one summary per interval.',
      properties: {
        by: {
          type: 'array',
          description: 'What the events of one group share; object when left out.',
          items: { type: 'string', enum: GROUP_FIELDS },
          maxItems: GROUP_FIELDS.length,
          'x-kubernetes-list-type': 'set',
        },
        wait: {
          type: 'string',
          description: `How long a new group collects events before its first notification, as a Go duration (default ${DEFAULT_GROUP_WAIT}).`,
          pattern: INTERVAL_PATTERN,
        },
        interval: {
          type: 'string',
          description: `The least time between two notifications of one group, as a Go duration (default ${DEFAULT_GROUP_INTERVAL}).`,
          pattern: INTERVAL_PATTERN,
        },
      },
    },
    template: templateSchema(
      "A Go text/template giving the message chat providers send; wins over the Provider's.",
    ),
  },
};

const lastDispatchSchema: OpenApiSchema = {
  type: 'object',
  description: 'The outcome of the last notification this Alert sent.',
  required: ['time', 'result'],
  properties: {
    time: { type: 'string', format: 'date-time', description: 'When the delivery ended.' },
    result: {
      type: 'string',
      description: 'Whether the Provider took the notification.',
      enum: ['Succeeded', 'Failed'],
    },
    error: {
      type: 'string',
      description: 'Why the delivery failed, with credentials masked.',
      maxLength: MAX_DISPATCH_ERROR_LENGTH,
    },
  },
};

/** The openAPIV3Schema of the Alert CRD, and of Alerts in local mode. */
export const alertSchema: OpenApiSchema = resourceSchema(
  'An Alert sends the events of selected objects to a Provider.',
  alertSpecSchema,
  statusSchema('Alert', { lastDispatch: lastDispatchSchema }),
);
