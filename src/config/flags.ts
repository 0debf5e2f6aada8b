import { FLUX_CONTROLLERS } from '../sources/flux-controllers.js';
import type { Config, LogEncoding, LogLevel } from './config.js';
import { parseDuration } from './duration.js';
import { FEATURE_GATES, parseFeatureGates } from './feature-gates.js';
import { parseLabelSelector } from './label-selector.js';
import { parseListenAddress } from './listen-address.js';
import { closestName } from './edit-distance.js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';
import { FSYNC_POLICIES, type FsyncPolicy } from '../spool/spool.js';

type FlagKind =
  | 'string'
  | 'bool'
  | 'duration'
  /** A Go duration that may be negative: only flags Herald ignores, so any value Go takes does. */
  | 'signed-duration'
  | 'count'
  | 'int'
  | 'float'
  | 'list'
  | 'address'
  | 'enum'
  | 'selector'
  | 'gates';

/**
 * How a flag compares with Flux's notification-controller v1.9 (the "Flux" column of the
 * README's flag table): the same flag with the same meaning; the same flag whose effect Herald
 * reaches another way; a flag Herald accepts, checks like Flux and otherwise ignores (logging
 * one warning when it is set); or a flag only Herald has.
 */
export type FluxParity =
  'same' | 'implemented differently' | 'accepted and ignored' | 'Herald only';

interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  /** The default as it would be typed on the command line; undefined means unset. */
  readonly default: string | undefined;
  readonly help: string;
  readonly values?: readonly string[];
  readonly flux: FluxParity;
  /** For `accepted and ignored`: why the flag has no effect in Herald, logged when it is set. */
  readonly noEffect?: string;
}

/** Herald checks Receivers again on every change of them or of their Secret, not by timer. */
const NO_RECEIVER_REQUEUE =
  'Herald reconciles a Receiver on every change of it or of its Secret, with nothing to back off';
const NO_WORKLOAD_IDENTITY = 'no Herald provider authenticates with cloud workload identity';

/**
 * Every flag Herald takes: every flag of Flux's notification-controller v1.9 (its main.go and
 * the fluxcd/pkg flag sets it binds), with Flux's name, type and default, then Herald's own.
 * Order is the `--help` order.
 */
export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'events-addr',
    kind: 'address',
    default: ':9090',
    help: 'Event API listen address.',
    flux: 'same',
  },
  {
    name: 'receiverAddr',
    kind: 'address',
    default: ':9292',
    help: 'Receiver webhook listen address (POST /hook/<digest>).',
    flux: 'same',
  },
  {
    name: 'metrics-addr',
    kind: 'address',
    default: ':8080',
    help: 'Prometheus /metrics listen address.',
    flux: 'same',
  },
  {
    name: 'health-addr',
    kind: 'address',
    default: ':9440',
    help: '/healthz and /readyz listen address.',
    flux: 'same',
  },
  {
    name: 'concurrent',
    kind: 'int',
    default: '4',
    help: "Flux's number of concurrent reconciles; Herald has no worker pool to size.",
    flux: 'accepted and ignored',
    noEffect:
      'Herald reconciles an Alert or Provider as soon as its watch reports a change, with no pool of workers to size',
  },
  {
    name: 'rate-limit-interval',
    kind: 'duration',
    default: '5m',
    help: 'Window in which identical events are suppressed (429).',
    flux: 'same',
  },
  {
    name: 'rate-limit-max-keys',
    kind: 'count',
    default: '100000',
    help: 'Most rate-limit keys remembered (about 200 bytes each); the least recent are evicted.',
    flux: 'Herald only',
  },
  {
    name: 'export-http-path-metrics',
    kind: 'bool',
    default: 'false',
    help: 'Label the Event API HTTP metrics with the request path instead of "/" (beware of cardinality).',
    flux: 'same',
  },
  {
    name: 'no-cross-namespace-refs',
    kind: 'bool',
    default: 'false',
    help: 'An Alert only sees events from its own namespace.',
    flux: 'same',
  },
  {
    name: 'watch-all-namespaces',
    kind: 'bool',
    default: 'true',
    help: 'Watch Alerts and Providers in every namespace, else only in RUNTIME_NAMESPACE.',
    flux: 'same',
  },
  {
    name: 'watch-label-selector',
    kind: 'selector',
    default: '',
    help: 'Cluster mode: watch only the Alerts and Providers with matching labels (e.g. sharding.fluxcd.io/shard=shard1).',
    flux: 'Herald only',
  },
  {
    name: 'watch-configs-label-selector',
    kind: 'selector',
    default: 'reconcile.fluxcd.io/watch=Enabled',
    help: 'Flux: the Secrets whose changes reconcile Receivers; checked, no effect in Herald (every Secret is watched).',
    flux: 'accepted and ignored',
    noEffect:
      'Flux picks with it the Secrets whose changes reconcile Receivers; Herald watches every Secret, so any change of a Receiver’s Secret reconciles it',
  },
  {
    name: 'kube-api-qps',
    kind: 'float',
    default: '50',
    help: 'Most requests per second to the Kubernetes API, until it shows API Priority and Fairness; below 0, no limit.',
    flux: 'implemented differently',
  },
  {
    name: 'kube-api-burst',
    kind: 'int',
    default: '100',
    help: 'Requests to the Kubernetes API that may go at once before --kube-api-qps applies.',
    flux: 'implemented differently',
  },
  {
    name: 'feature-gates',
    kind: 'gates',
    default: '',
    help: `Flux's feature gates, Gate=true,Gate=false (${Object.keys(FEATURE_GATES).join(', ')}); none has an effect in Herald.`,
    flux: 'accepted and ignored',
  },
  {
    name: 'enable-leader-election',
    kind: 'bool',
    default: 'false',
    help: 'Elect one leader with a Lease; only it writes status and watches native Events.',
    flux: 'same',
  },
  {
    name: 'leader-election-release-on-cancel',
    kind: 'bool',
    default: 'true',
    help: 'A leader that stops gracefully releases the Lease, so another replica takes over at once.',
    flux: 'same',
  },
  {
    name: 'leader-election-lease-duration',
    kind: 'duration',
    default: '35s',
    help: 'How long a Lease is held without renewal.',
    flux: 'same',
  },
  {
    name: 'leader-election-renew-deadline',
    kind: 'duration',
    default: '30s',
    help: 'How long the leader keeps trying to renew before giving up.',
    flux: 'same',
  },
  {
    name: 'leader-election-retry-period',
    kind: 'duration',
    default: '5s',
    help: 'How often candidates try to acquire or renew the Lease.',
    flux: 'same',
  },
  {
    name: 'min-retry-delay',
    kind: 'signed-duration',
    default: '750ms',
    help: 'Flux: the shortest backoff of a failed Receiver reconcile; no effect in Herald.',
    flux: 'accepted and ignored',
    noEffect: `Flux backs off failed Receiver reconciles with it; ${NO_RECEIVER_REQUEUE}`,
  },
  {
    name: 'max-retry-delay',
    kind: 'signed-duration',
    default: '15m',
    help: 'Flux: the longest backoff of a failed Receiver reconcile; no effect in Herald.',
    flux: 'accepted and ignored',
    noEffect: `Flux backs off failed Receiver reconciles with it; ${NO_RECEIVER_REQUEUE}`,
  },
  {
    name: 'token-cache-max-size',
    kind: 'int',
    default: '100',
    help: "Flux's cache of cloud workload identity tokens; no effect in Herald.",
    flux: 'accepted and ignored',
    noEffect: `${NO_WORKLOAD_IDENTITY}, so there are no tokens to cache`,
  },
  {
    name: 'token-cache-max-duration',
    kind: 'signed-duration',
    default: '1h',
    help: "Flux's cache of cloud workload identity tokens; no effect in Herald.",
    flux: 'accepted and ignored',
    noEffect: `${NO_WORKLOAD_IDENTITY}, so there are no tokens to cache`,
  },
  {
    name: 'default-service-account',
    kind: 'string',
    default: '',
    help: "Flux's default service account for workload identity; no effect in Herald.",
    flux: 'accepted and ignored',
    noEffect: `${NO_WORKLOAD_IDENTITY}, so there is no service account to default`,
  },
  {
    name: 'kube-events',
    kind: 'bool',
    default: 'true',
    help: 'Ingest native Kubernetes Events (needs a cluster; off in local mode).',
    flux: 'Herald only',
  },
  {
    name: 'kube-events-namespaces',
    kind: 'list',
    default: '',
    help: 'Comma-separated namespaces to watch Events in (default: all).',
    flux: 'Herald only',
  },
  {
    name: 'kube-events-since',
    kind: 'duration',
    default: '0s',
    help: 'On a first start with no checkpoint, also deliver Events this recent.',
    flux: 'Herald only',
  },
  {
    name: 'kube-events-skip-controllers',
    kind: 'list',
    default: [...FLUX_CONTROLLERS].join(','),
    help: "Comma-separated reporting controllers whose Kubernetes Events are skipped because they also POST them (default: Flux's; empty: skip none).",
    flux: 'Herald only',
  },
  {
    name: 'graceful-shutdown-timeout',
    kind: 'duration',
    default: '10s',
    help: 'On SIGTERM, how long queued notifications may drain before what is left is aborted and counted.',
    flux: 'Herald only',
  },
  {
    name: 'storage-path',
    kind: 'string',
    default: '',
    help: 'Folder of the delivery spool: notifications are written there before they are queued and delivered after a restart. Empty keeps them in memory only, as Flux does.',
    flux: 'Herald only',
  },
  {
    name: 'spool-fsync',
    kind: 'enum',
    default: 'interval',
    values: FSYNC_POLICIES,
    help: 'When spool writes reach the disk: always (before each event is queued), interval (within a second) or never (when the kernel flushes). A killed Herald loses nothing with any of them; a machine crash can lose the last second (interval) or more (never).',
    flux: 'Herald only',
  },
  {
    name: 'spool-max-size',
    kind: 'int',
    default: '256',
    help: 'Most MiB the spool holds; when full, its oldest undelivered notifications are dropped from it (counted and logged).',
    flux: 'Herald only',
  },
  {
    name: 'delivery-retry-age',
    kind: 'duration',
    default: '24h',
    help: 'With a spool: how long a notification whose deliveries keep failing (receiver down, 5xx, 429, timeouts) is retried, with backoff up to 5 minutes, before it is given up.',
    flux: 'Herald only',
  },
  {
    name: 'allow-link-local-providers',
    kind: 'bool',
    default: 'false',
    help: 'Let Providers deliver to link-local addresses (169.254.0.0/16, fe80::/10) and cloud metadata servers, refused by default.',
    flux: 'Herald only',
  },
  {
    name: 'manifests',
    kind: 'string',
    default: undefined,
    help: 'Local mode: load Alerts, Providers and Secrets from the YAML files in this folder; no cluster needed.',
    flux: 'Herald only',
  },
  {
    name: 'kubeconfig',
    kind: 'string',
    default: undefined,
    help: 'Path to a kubeconfig (default: $KUBECONFIG, ~/.kube/config, then in-cluster).',
    flux: 'Herald only',
  },
  {
    name: 'log-level',
    kind: 'enum',
    default: 'info',
    values: ['trace', 'debug', 'info', 'error'],
    help: 'Log verbosity (another value logs at info, as in Flux, with a warning).',
    flux: 'same',
  },
  {
    name: 'log-encoding',
    kind: 'enum',
    default: 'json',
    values: ['json', 'console'],
    help: 'Log format (another value logs JSON, as in Flux, with a warning).',
    flux: 'implemented differently',
  },
];

/** A bad command line: the message is one line that names the flag and what is wrong. */
export class ConfigError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_BAD_FLAG', message, options);
  }
}

/**
 * Something about the command line worth one warning line at start: a flag set that has no
 * effect in Herald, a value Flux would take another way, an argument ignored.
 */
export interface FlagNotice {
  /** The flag's name without dashes; undefined for an argument that is no flag. */
  readonly flag: string | undefined;
  /** The value as given (the last one, for a flag given twice). */
  readonly value: string;
  readonly message: string;
}

export type ParseResult =
  | { kind: 'config'; config: Config; notices: readonly FlagNotice[] }
  | { kind: 'help'; text: string }
  | { kind: 'version' };

const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);
const HELP = new Set(['--help', '-help', '-h']);
const VERSION = new Set(['--version', '-version']);

/**
 * Parses the command line as Flux's (spf13/pflag) does: `--flag value`, `--flag=value`;
 * booleans as `--flag`, `--flag=true`, `--flag=false`; a flag given twice keeps its last value
 * (`--feature-gates` merges them); arguments that are no flag are ignored, as Flux ignores them
 * (with a warning here), and so is everything after `--`. Herald also takes Go's `-flag`.
 * An unknown flag or a bad value throws a {@link ConfigError}.
 */
export function parseFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParseResult {
  const raw = new Map<string, string[]>();
  const notices: FlagNotice[] = [];
  const ignoreArgument = (arg: string) => {
    const hint = GO_TRUE.has(arg) || GO_FALSE.has(arg) ? '; a boolean takes --flag=value' : '';
    notices.push({
      flag: undefined,
      value: arg,
      message: `Ignored the argument "${arg}": it is no flag (Flux ignores it too${hint})`,
    });
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (HELP.has(arg)) return { kind: 'help', text: usage() };
    if (VERSION.has(arg)) return { kind: 'version' };
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) ignoreArgument(rest);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      ignoreArgument(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const spec = flagNamed(name);
    if (spec === undefined) throw new ConfigError(unknownFlagMessage(name));
    let value: string;
    if (eq !== -1) value = body.slice(eq + 1);
    else if (spec.kind === 'bool') value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(`flag --${name} needs a value`);
      value = next;
      i++;
    }
    raw.set(name, [...(raw.get(name) ?? []), value]);
  }
  const config = buildConfig(raw, env, notices);
  for (const spec of FLAGS) {
    const given = raw.get(spec.name);
    if (given === undefined || spec.noEffect === undefined) continue;
    notices.push({
      flag: spec.name,
      value: given.at(-1) ?? '',
      message: `--${spec.name} has no effect in Herald: ${spec.noEffect}`,
    });
  }
  return { kind: 'config', config, notices };
}

function flagNamed(name: string): FlagSpec | undefined {
  return FLAGS.find((flag) => flag.name === name);
}

/** `unknown flag --x`, with the flag meant when one is close enough to be a typo. */
function unknownFlagMessage(name: string): string {
  const meant = closestName(name, [...FLAGS.map((flag) => flag.name), 'help', 'version']);
  return meant === undefined
    ? `unknown flag --${name} (see --help)`
    : `unknown flag --${name} (did you mean --${meant}?)`;
}

function buildConfig(
  raw: ReadonlyMap<string, readonly string[]>,
  env: Readonly<Record<string, string | undefined>>,
  notices: FlagNotice[],
): Config {
  const value = (name: string): string | undefined =>
    raw.get(name)?.at(-1) ?? flagNamed(name)?.default;
  const convert = <T>(name: string, parse: (text: string) => T): T => {
    const text = value(name) ?? '';
    try {
      return parse(text);
    } catch (error) {
      const why = errorMessage(error);
      throw new ConfigError(`invalid value "${text}" for flag --${name}: ${why}`);
    }
  };
  const bool = (name: string): boolean => convert(name, parseGoBool);
  const duration = (name: string): number => convert(name, (text) => parseDuration(text));
  const address = (name: string) => convert(name, parseListenAddress);
  const int = (name: string): number => convert(name, parseGoInt);
  const optional = (name: string): string | undefined => {
    const text = value(name);
    if (text === '')
      throw new ConfigError(`invalid value "" for flag --${name}: must not be empty`);
    return text;
  };
  const selector = (name: string): string =>
    convert(name, (text) => {
      parseLabelSelector(text);
      return text;
    });
  /** Flux takes any text for these and falls back to its default: so does Herald, saying so. */
  const withFallback = <T extends string>(name: string, values: readonly T[]): T => {
    const spec = flagNamed(name);
    const fallback = values.find((candidate) => candidate === spec?.default);
    const text = value(name) ?? '';
    const found = values.find((candidate) => candidate === text);
    if (found !== undefined) return found;
    if (fallback === undefined) throw new Error(`--${name} has no default among its values`);
    notices.push({
      flag: name,
      value: text,
      message: `--${name}=${text} is not one of ${values.join(', ')}: using ${fallback}, as Flux does`,
    });
    return fallback;
  };

  const { gates, named } = parseFeatureGates(raw.get('feature-gates') ?? [], (text, error) => {
    throw new ConfigError(`invalid value "${text}" for flag --feature-gates: ${error}`);
  });
  // Types first, as pflag checks each value as it parses it; the flags Herald ignores too.
  for (const spec of FLAGS) {
    if (spec.kind === 'float') convert(spec.name, parseGoFloat32);
    else if (spec.kind === 'int') int(spec.name);
    else if (spec.kind === 'signed-duration')
      convert(spec.name, (text) => parseDuration(text, { allowNegative: true }));
  }

  const config: Config = {
    eventsAddr: address('events-addr'),
    metricsAddr: address('metrics-addr'),
    healthAddr: address('health-addr'),
    receiverAddr: address('receiverAddr'),
    rateLimitIntervalMs: duration('rate-limit-interval'),
    rateLimitMaxKeys: convert('rate-limit-max-keys', parsePositiveCount),
    noCrossNamespaceRefs: bool('no-cross-namespace-refs'),
    watchAllNamespaces: bool('watch-all-namespaces'),
    watchLabelSelector: nonEmpty(selector('watch-label-selector').trim()),
    watchConfigsLabelSelector: selector('watch-configs-label-selector'),
    exportHttpPathMetrics: bool('export-http-path-metrics'),
    kubeApiQps: convert('kube-api-qps', parseGoFloat32),
    kubeApiBurst: int('kube-api-burst'),
    featureGates: Object.freeze(gates),
    enableLeaderElection: bool('enable-leader-election'),
    leaderElectionReleaseOnCancel: bool('leader-election-release-on-cancel'),
    leaderElectionLeaseDurationMs: duration('leader-election-lease-duration'),
    leaderElectionRenewDeadlineMs: duration('leader-election-renew-deadline'),
    leaderElectionRetryPeriodMs: duration('leader-election-retry-period'),
    kubeEvents: bool('kube-events'),
    kubeEventsNamespaces: convert('kube-events-namespaces', parseNamespaceList),
    kubeEventsSinceMs: duration('kube-events-since'),
    kubeEventsSkipControllers: convert('kube-events-skip-controllers', parseNameList),
    gracefulShutdownTimeoutMs: duration('graceful-shutdown-timeout'),
    allowLinkLocalProviders: bool('allow-link-local-providers'),
    storagePath: nonEmpty(value('storage-path')),
    spoolFsync: convert('spool-fsync', parseFsyncPolicy),
    spoolMaxBytes: convert('spool-max-size', (text) => parsePositiveMib(text)),
    deliveryRetryAgeMs: duration('delivery-retry-age'),
    manifests: optional('manifests'),
    kubeconfig: optional('kubeconfig') ?? nonEmpty(env.KUBECONFIG),
    logLevel: withFallback<LogLevel>('log-level', ['trace', 'debug', 'info', 'error']),
    logEncoding: withFallback<LogEncoding>('log-encoding', ['json', 'console']),
    runtimeNamespace: nonEmpty(env.RUNTIME_NAMESPACE) ?? 'flux-system',
    podName: nonEmpty(env.POD_NAME) ?? nonEmpty(env.HOSTNAME) ?? 'herald',
  };
  if (config.enableLeaderElection) checkLeaderElection(config);
  const gatesGiven = raw.get('feature-gates');
  if (gatesGiven !== undefined) {
    const why = named.map((gate) => FEATURE_GATES[gate]).join('; ');
    notices.push({
      flag: 'feature-gates',
      value: gatesGiven.join(','),
      message: `--feature-gates has no effect in Herald${why === '' ? '' : `: ${why}`}`,
    });
  }
  return Object.freeze({
    ...config,
    kubeEventsNamespaces: Object.freeze([...config.kubeEventsNamespaces]),
    kubeEventsSkipControllers: Object.freeze([...config.kubeEventsSkipControllers]),
  });
}

/**
 * client-go's checks of the election durations, made when leader election is on, as in Flux
 * (which otherwise never builds an elector and starts with any durations).
 */
function checkLeaderElection(config: Config): void {
  const lease = config.leaderElectionLeaseDurationMs;
  const renew = config.leaderElectionRenewDeadlineMs;
  const retry = config.leaderElectionRetryPeriodMs;
  if (renew >= lease) {
    throw new ConfigError(
      'invalid value for flag --leader-election-renew-deadline: must be shorter than --leader-election-lease-duration',
    );
  }
  if (retry <= 0) {
    throw new ConfigError('invalid value for flag --leader-election-retry-period: must be above 0');
  }
  if (renew <= retry * 1.2) {
    throw new ConfigError(
      'invalid value for flag --leader-election-renew-deadline: must be longer than 1.2 × --leader-election-retry-period',
    );
  }
}

function parseGoBool(text: string): boolean {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  throw new Error('not a boolean (use true or false)');
}

const BASES: Readonly<Record<string, number>> = { x: 16, o: 8, b: 2 };
const DIGITS: Readonly<Record<number, RegExp>> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};

/**
 * Go's `strconv.ParseInt(text, 0, 64)`, as pflag reads an int: decimal, `0x` hex, `0o` or
 * leading-`0` octal, `0b` binary, `_` between digits; limited here to safe integers.
 */
export function parseGoInt(text: string): number {
  const unsigned = /^[+-]/.test(text) ? text.slice(1) : text;
  let base = 10;
  let digits = unsigned;
  let prefixed = false;
  if (/^0[xXoObB]/.test(unsigned)) {
    base = BASES[unsigned.charAt(1).toLowerCase()] ?? 10;
    digits = unsigned.slice(2);
    prefixed = true;
  } else if (unsigned.length > 1 && unsigned.startsWith('0')) {
    base = 8;
    digits = unsigned.slice(1);
    prefixed = true;
  }
  const underscoresOk =
    !digits.includes('__') && !digits.endsWith('_') && (prefixed || !digits.startsWith('_'));
  const clean = digits.replaceAll('_', '');
  if (!underscoresOk || !(DIGITS[base]?.test(clean) ?? false))
    throw new Error('not a whole number');
  const magnitude = parseInt(clean, base);
  const result = text.startsWith('-') ? -magnitude : magnitude;
  if (!Number.isSafeInteger(result)) throw new Error('out of range');
  return result;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** Go's `strconv.ParseFloat(text, 32)` for decimal numbers (and Inf, NaN). */
export function parseGoFloat32(text: string): number {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Error('not a number');
  const result = Number(text);
  if (Math.abs(result) > FLOAT32_MAX) throw new Error('out of range');
  return result;
}

function parsePositiveCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new Error('not a whole number of at least 1');
  }
  return Number(text);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function parseNamespaceList(text: string): string[] {
  if (text.trim() === '') return [];
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!DNS_LABEL.test(name)) throw new Error(`"${name}" is not a namespace name`);
  }
  return [...new Set(names)];
}

/** A comma list of names (spaces around them ignored); empty text is the empty list. */
function parseNameList(text: string): string[] {
  if (text.trim() === '') return [];
  const names = text.split(',').map((name) => name.trim());
  if (names.includes('')) throw new Error('a name in the list is empty');
  if (names.some((name) => /\s/.test(name))) throw new Error('a name holds a space');
  return [...new Set(names)];
}

function parseFsyncPolicy(text: string): FsyncPolicy {
  const policy = FSYNC_POLICIES.find((candidate) => candidate === text);
  if (policy === undefined) throw new Error(`must be one of ${FSYNC_POLICIES.join(', ')}`);
  return policy;
}

/** A size in MiB, at least 1, as bytes. */
function parsePositiveMib(text: string): number {
  const mib = parseGoInt(text);
  if (mib < 1) throw new Error('must be at least 1 (MiB)');
  return mib * 1024 * 1024;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

export function usage(): string {
  const lines = FLAGS.map((flag) => {
    const placeholder =
      flag.kind === 'bool'
        ? ''
        : flag.kind === 'enum'
          ? ` ${flag.values?.join('|') ?? ''}`
          : ` ${flag.kind === 'signed-duration' ? 'duration' : flag.kind}`;
    const fallback =
      flag.default === undefined || flag.default === '' ? '' : ` (default ${flag.default})`;
    return `  --${flag.name}${placeholder}\n        ${flag.help}${fallback}`;
  });
  return [
    'Usage: herald [flags]',
    '',
    'Herald is a Flux-compatible notification controller.',
    'Without a cluster, run it from YAML files: herald --manifests examples/local',
    '',
    'Flags:',
    ...lines,
    '  --version',
    '        Print the version and exit.',
    '',
    'Environment: RUNTIME_NAMESPACE (Lease and checkpoints), POD_NAME (leader identity), KUBECONFIG.',
  ].join('\n');
}
