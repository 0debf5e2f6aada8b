import { FLUX_CONTROLLERS } from '../sources/flux-controllers.js';
import type { Config } from './config.js';
import { parseDuration } from './duration.js';
import { parseListenAddress } from './listen-address.js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';

type FlagKind = 'string' | 'bool' | 'duration' | 'count' | 'list' | 'address' | 'enum';

interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  /** The default as it would be typed on the command line; undefined means unset. */
  readonly default: string | undefined;
  readonly help: string;
  readonly values?: readonly string[];
}

/** Every flag Herald takes; Flux's names where Flux has the flag. Order is the `--help` order. */
export const FLAGS: readonly FlagSpec[] = [
  { name: 'events-addr', kind: 'address', default: ':9090', help: 'Event API listen address.' },
  {
    name: 'metrics-addr',
    kind: 'address',
    default: ':8080',
    help: 'Prometheus /metrics listen address.',
  },
  {
    name: 'health-addr',
    kind: 'address',
    default: ':9440',
    help: '/healthz and /readyz listen address.',
  },
  {
    name: 'rate-limit-interval',
    kind: 'duration',
    default: '5m',
    help: 'Window in which identical events are suppressed (429).',
  },
  {
    name: 'rate-limit-max-keys',
    kind: 'count',
    default: '100000',
    help: 'Most rate-limit keys remembered (about 200 bytes each); the least recent are evicted.',
  },
  {
    name: 'no-cross-namespace-refs',
    kind: 'bool',
    default: 'false',
    help: 'An Alert only sees events from its own namespace.',
  },
  {
    name: 'watch-all-namespaces',
    kind: 'bool',
    default: 'true',
    help: 'Watch Alerts and Providers in every namespace, else only in RUNTIME_NAMESPACE.',
  },
  {
    name: 'enable-leader-election',
    kind: 'bool',
    default: 'false',
    help: 'Elect one leader with a Lease; only it writes status and watches native Events.',
  },
  {
    name: 'leader-election-lease-duration',
    kind: 'duration',
    default: '15s',
    help: 'How long a Lease is held without renewal.',
  },
  {
    name: 'leader-election-renew-deadline',
    kind: 'duration',
    default: '10s',
    help: 'How long the leader keeps trying to renew before giving up.',
  },
  {
    name: 'leader-election-retry-period',
    kind: 'duration',
    default: '2s',
    help: 'How often candidates try to acquire or renew the Lease.',
  },
  {
    name: 'kube-events',
    kind: 'bool',
    default: 'true',
    help: 'Ingest native Kubernetes Events (needs a cluster; off in local mode).',
  },
  {
    name: 'kube-events-namespaces',
    kind: 'list',
    default: '',
    help: 'Comma-separated namespaces to watch Events in (default: all).',
  },
  {
    name: 'kube-events-since',
    kind: 'duration',
    default: '0s',
    help: 'On a first start with no checkpoint, also deliver Events this recent.',
  },
  {
    name: 'kube-events-skip-controllers',
    kind: 'list',
    default: [...FLUX_CONTROLLERS].join(','),
    help: "Comma-separated reporting controllers whose Kubernetes Events are skipped because they also POST them (default: Flux's; empty: skip none).",
  },
  {
    name: 'graceful-shutdown-timeout',
    kind: 'duration',
    default: '10s',
    help: 'On SIGTERM, how long queued notifications may drain before what is left is aborted and counted.',
  },
  {
    name: 'manifests',
    kind: 'string',
    default: undefined,
    help: 'Local mode: load Alerts, Providers and Secrets from the YAML files in this folder; no cluster needed.',
  },
  {
    name: 'kubeconfig',
    kind: 'string',
    default: undefined,
    help: 'Path to a kubeconfig (default: $KUBECONFIG, ~/.kube/config, then in-cluster).',
  },
  {
    name: 'log-level',
    kind: 'enum',
    default: 'info',
    values: ['debug', 'info', 'error'],
    help: 'Log verbosity.',
  },
  {
    name: 'log-encoding',
    kind: 'enum',
    default: 'json',
    values: ['json', 'console'],
    help: 'Log format.',
  },
];

/** A bad command line: the message is one line that names the flag and what is wrong. */
export class ConfigError extends HeraldError {
  constructor(message: string, options?: ErrorOptions) {
    super('HERALD_BAD_FLAG', message, options);
  }
}

export type ParseResult = { kind: 'config'; config: Config } | { kind: 'help'; text: string };

const GO_TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/**
 * Parses the command line the way Go's flag package does (`--flag value`, `--flag=value`,
 * `-flag`; booleans as `--flag`, `--flag=true`, `--flag=false`) into a frozen Config.
 */
export function parseFlags(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParseResult {
  const raw = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-help' || arg === '-h') return { kind: 'help', text: usage() };
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      throw new ConfigError(`unexpected argument "${arg}" (flags start with --; see --help)`);
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const spec = FLAGS.find((flag) => flag.name === name);
    if (spec === undefined) throw new ConfigError(`unknown flag --${name} (see --help)`);
    let value: string;
    if (eq !== -1) value = body.slice(eq + 1);
    else if (spec.kind === 'bool') value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new ConfigError(`flag --${name} needs a value`);
      value = next;
      i++;
    }
    raw.set(name, value);
  }
  return { kind: 'config', config: buildConfig(raw, env) };
}

function buildConfig(
  raw: ReadonlyMap<string, string>,
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const value = (name: string): string | undefined =>
    raw.get(name) ?? FLAGS.find((flag) => flag.name === name)?.default;
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
  const duration = (name: string): number => convert(name, parseDuration);
  const address = (name: string) => convert(name, parseListenAddress);
  const optional = (name: string): string | undefined => {
    const text = value(name);
    if (text === '')
      throw new ConfigError(`invalid value "" for flag --${name}: must not be empty`);
    return text;
  };

  const config: Config = {
    eventsAddr: address('events-addr'),
    metricsAddr: address('metrics-addr'),
    healthAddr: address('health-addr'),
    rateLimitIntervalMs: duration('rate-limit-interval'),
    rateLimitMaxKeys: convert('rate-limit-max-keys', parsePositiveCount),
    noCrossNamespaceRefs: bool('no-cross-namespace-refs'),
    watchAllNamespaces: bool('watch-all-namespaces'),
    enableLeaderElection: bool('enable-leader-election'),
    leaderElectionLeaseDurationMs: duration('leader-election-lease-duration'),
    leaderElectionRenewDeadlineMs: duration('leader-election-renew-deadline'),
    leaderElectionRetryPeriodMs: duration('leader-election-retry-period'),
    kubeEvents: bool('kube-events'),
    kubeEventsNamespaces: convert('kube-events-namespaces', parseNamespaceList),
    kubeEventsSinceMs: duration('kube-events-since'),
    kubeEventsSkipControllers: convert('kube-events-skip-controllers', parseNameList),
    gracefulShutdownTimeoutMs: duration('graceful-shutdown-timeout'),
    manifests: optional('manifests'),
    kubeconfig: optional('kubeconfig') ?? nonEmpty(env.KUBECONFIG),
    logLevel: convert('log-level', (text) => oneOf(text, ['debug', 'info', 'error'] as const)),
    logEncoding: convert('log-encoding', (text) => oneOf(text, ['json', 'console'] as const)),
    runtimeNamespace: nonEmpty(env.RUNTIME_NAMESPACE) ?? 'flux-system',
    podName: nonEmpty(env.POD_NAME) ?? nonEmpty(env.HOSTNAME) ?? 'herald',
  };
  if (config.leaderElectionRenewDeadlineMs >= config.leaderElectionLeaseDurationMs) {
    throw new ConfigError(
      'invalid value for flag --leader-election-renew-deadline: must be shorter than --leader-election-lease-duration',
    );
  }
  return Object.freeze({
    ...config,
    kubeEventsNamespaces: Object.freeze([...config.kubeEventsNamespaces]),
    kubeEventsSkipControllers: Object.freeze([...config.kubeEventsSkipControllers]),
  });
}

function parseGoBool(text: string): boolean {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  throw new Error('not a boolean (use true or false)');
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

function oneOf<T extends string>(text: string, values: readonly T[]): T {
  const found = values.find((candidate) => candidate === text);
  if (found === undefined) throw new Error(`must be one of ${values.join(', ')}`);
  return found;
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
          : ` ${flag.kind}`;
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
    '',
    'Environment: RUNTIME_NAMESPACE (Lease and checkpoints), POD_NAME (leader identity), KUBECONFIG.',
  ].join('\n');
}
