/** RFC 1123 subdomain: the names of most Kubernetes objects (Alerts, Providers, Secrets). */
export const DNS_SUBDOMAIN_PATTERN =
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
export const MAX_DNS_SUBDOMAIN_LENGTH = 253;

/** RFC 1123 label: namespace names. */
export const DNS_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const MAX_DNS_LABEL_LENGTH = 63;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

/**
 * metadata as the API server checks it before any CRD schema applies; local mode has no API
 * server, so it checks the same. Other ObjectMeta fields (uid, managedFields…) pass unchecked.
 */
export const objectMetaSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: MAX_DNS_SUBDOMAIN_LENGTH, pattern: DNS_SUBDOMAIN_PATTERN },
    namespace: { type: 'string', maxLength: MAX_DNS_LABEL_LENGTH, pattern: DNS_LABEL_PATTERN },
    labels: stringMap,
    annotations: stringMap,
  },
  additionalProperties: true,
} as const;
