/**
 * Every stable error code Herald gives, each once, with what it means. Programs and tests
 * branch on these codes, never on messages; a code once published keeps its meaning.
 */
export const ERROR_CODES = {
  // Start-up
  HERALD_BAD_FLAG: 'a command-line flag or its value is not valid',
  HERALD_MANIFESTS_UNREADABLE: 'the --manifests folder cannot be read',
  HERALD_STORAGE_UNUSABLE: 'the --storage-path folder cannot hold the delivery spool',
  HERALD_KUBECONFIG_UNREADABLE: 'a kubeconfig file cannot be read',
  HERALD_KUBECONFIG_INVALID: 'a kubeconfig was read but cannot be used',
  HERALD_IN_CLUSTER_UNAVAILABLE: "the pod's service account is incomplete",
  HERALD_NO_CLUSTER_CONFIG: 'no cluster configuration was found',
  HERALD_LEADER_ELECTION_INVALID: 'the leader-election settings cannot work',
  HERALD_LISTEN_FAILED: 'a server cannot listen on its address (in use, or not allowed)',

  // Kubernetes API
  HERALD_KUBE_REQUEST_FAILED: 'a request to the API server failed',
  HERALD_CHECKPOINT_UNREADABLE: 'a stored native-Event checkpoint cannot be parsed',
  HERALD_THREADS_UNREADABLE:
    'the stored Slack threads (a file or ConfigMap) cannot be read: threads start anew',

  // Events
  HERALD_EVENT_INVALID_TIMESTAMP: "an event's timestamp is not RFC 3339",
  HERALD_BODY_UNREADABLE: 'a request body could not be read as JSON',

  // Providers
  HERALD_PROVIDER_UNSUPPORTED_TYPE: 'the Provider type has no notifier',
  HERALD_PROVIDER_INVALID_ADDRESS: 'the Provider address is not an http(s) URL',
  HERALD_PROVIDER_INVALID_PROXY: 'the Provider proxy is not an http(s) URL',
  HERALD_PROVIDER_INVALID_TIMEOUT: 'the Provider timeout is not a positive duration',
  HERALD_PROVIDER_INVALID_HEADER: 'a Provider header has an invalid name or value',
  HERALD_PROVIDER_INVALID_TLS: 'the Provider certificate material does not load',
  HERALD_PROVIDER_MISSING_TOKEN: 'the Provider type needs a token and has none',
  HERALD_PROVIDER_CONFLICTING_AUTH: 'the Provider sets two kinds of credentials at once',
  HERALD_PROVIDER_INVALID_CHANNEL:
    'the Provider channel is missing, or not in the form its type needs (a room, a chat, stream/topic)',
  HERALD_PROVIDER_MISSING_CREDENTIALS:
    'the Provider type needs a username and a password and lacks one',
  HERALD_PROVIDER_INVALID_CREDENTIALS:
    'the Provider credentials (a service-account key, a connection string) cannot be used',
  HERALD_PROVIDER_INVALID_COMMIT_STATUS_EXPR: 'the Provider spec.commitStatusExpr does not compile',
  HERALD_PROVIDER_INVALID_REPOSITORY: 'the Provider address names no repository the type can use',
  HERALD_PROVIDER_INVALID_THREADING:
    "the Provider spec.threading cannot work: not Slack's chat.postMessage, or a bad expiry",

  // Delivery
  HERALD_DELIVERY_FAILED:
    'the receiver could not be reached, or kept failing until retries ran out',
  HERALD_DELIVERY_REJECTED: 'the receiver refused the notification for good',
  HERALD_DELIVERY_ADDRESS_NOT_ALLOWED:
    'the receiver or proxy is at a link-local or cloud metadata address, which is refused',
  HERALD_DELIVERY_ABORTED: "the delivery was cut short by its caller's signal",
  HERALD_DELIVERY_BACKLOG_FULL: 'a batching notifier had no room for the event',
  HERALD_NOTIFIER_CLOSED: 'the notifier was closed before the event reached it',

  // Receivers
  HERALD_CEL_INVALID: 'a CEL expression does not compile, or does not give what it must',
  HERALD_CEL_EVALUATION_FAILED: 'a CEL expression failed on the data it was given',
  HERALD_OIDC_TOKEN_INVALID: 'an OIDC token is malformed, wrongly signed, expired or not for us',
  HERALD_OIDC_KEYS_UNAVAILABLE: "an OIDC issuer's signing keys could not be fetched",
  HERALD_COMMIT_STATUS_EXPR_FAILED: 'the Provider spec.commitStatusExpr failed on an event',
  HERALD_CHANGE_REQUEST_INVALID:
    'an event for a pull- or merge-request comment names no change request, or not as a number',
  HERALD_NOTIFICATION_SKIPPED:
    'the notifier chose not to send the event, as Flux does (e.g. a commit status for an event naming no commit)',

  // Message templates
  HERALD_TEMPLATE_INVALID: 'an Alert or Provider spec.template does not parse',
  HERALD_TEMPLATE_RENDER_FAILED:
    'a message template failed on an event or exceeded its bounds; the default message was sent',
} as const satisfies Record<`HERALD_${string}`, string>;

export type ErrorCode = keyof typeof ERROR_CODES;
