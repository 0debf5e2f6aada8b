import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../src/config/config.js';
import {
  ConfigError,
  FLAGS,
  parseFlags,
  parseGoFloat32,
  parseGoInt,
  type FlagNotice,
} from '../../src/config/flags.js';
import { closestName, editDistance } from '../../src/config/edit-distance.js';
import { parseLabelSelector } from '../../src/config/label-selector.js';
import { FLUX_CONTROLLERS } from '../../src/sources/flux-controllers.js';

function configOf(argv: string[], env: Record<string, string> = {}): Config {
  const result = parseFlags(argv, env);
  assert.ok(result.kind === 'config');
  return result.config;
}

function noticesOf(argv: string[]): readonly FlagNotice[] {
  const result = parseFlags(argv, {});
  assert.ok(result.kind === 'config');
  return result.notices;
}

function errorOf(argv: string[]): string {
  try {
    parseFlags(argv, {});
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'HERALD_BAD_FLAG');
    assert.ok(!error.message.includes('\n'), 'one line');
    return error.message;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

test('defaults are the documented ones', () => {
  const config = configOf([]);
  assert.deepEqual(config.eventsAddr, { host: undefined, port: 9090 });
  assert.deepEqual(config.metricsAddr, { host: undefined, port: 8080 });
  assert.deepEqual(config.healthAddr, { host: undefined, port: 9440 });
  assert.deepEqual(config.receiverAddr, { host: undefined, port: 9292 });
  assert.equal(config.rateLimitIntervalMs, 300_000);
  assert.equal(config.rateLimitMaxKeys, 100_000);
  assert.equal(config.noCrossNamespaceRefs, false);
  assert.equal(config.watchAllNamespaces, true);
  assert.equal(config.watchLabelSelector, undefined);
  assert.equal(config.watchConfigsLabelSelector, 'reconcile.fluxcd.io/watch=Enabled');
  assert.equal(config.exportHttpPathMetrics, false);
  assert.equal(config.kubeApiQps, 50);
  assert.equal(config.kubeApiBurst, 100);
  assert.deepEqual(config.featureGates, {
    CacheSecretsAndConfigMaps: false,
    DisableConfigWatchers: false,
    ObjectLevelWorkloadIdentity: false,
  });
  assert.equal(config.enableLeaderElection, false);
  assert.equal(config.leaderElectionReleaseOnCancel, true);
  // Flux's (fluxcd/pkg runtime/leaderelection).
  assert.equal(config.leaderElectionLeaseDurationMs, 35_000);
  assert.equal(config.leaderElectionRenewDeadlineMs, 30_000);
  assert.equal(config.leaderElectionRetryPeriodMs, 5_000);
  assert.equal(config.kubeEvents, true);
  assert.deepEqual(config.kubeEventsNamespaces, []);
  assert.equal(config.kubeEventsSinceMs, 0);
  assert.deepEqual(config.kubeEventsSkipControllers, [...FLUX_CONTROLLERS]);
  assert.equal(config.manifests, undefined);
  assert.equal(config.allowLinkLocalProviders, false);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.logEncoding, 'json');
  assert.equal(config.runtimeNamespace, 'flux-system');
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.kubeEventsNamespaces));
  assert.ok(Object.isFrozen(config.kubeEventsSkipControllers));
  assert.ok(Object.isFrozen(config.featureGates));
  assert.deepEqual(noticesOf([]), [], 'defaults warn of nothing');
});

test('takes Go flag forms', () => {
  const config = configOf([
    '--events-addr=127.0.0.1:0',
    '--metrics-addr',
    '[::1]:8081',
    '-health-addr=:9441',
    '--rate-limit-interval=1h30m',
    '--rate-limit-max-keys',
    '5',
    '--no-cross-namespace-refs',
    '--watch-all-namespaces=false',
    '--kube-events=false',
    '--kube-events-namespaces=a, b,a',
    '--manifests=examples/local',
    '--allow-link-local-providers',
    '--log-level=debug',
    '--log-encoding=console',
  ]);
  assert.deepEqual(config.eventsAddr, { host: '127.0.0.1', port: 0 });
  assert.deepEqual(config.metricsAddr, { host: '::1', port: 8081 });
  assert.equal(config.healthAddr.port, 9441);
  assert.equal(config.rateLimitIntervalMs, 5_400_000);
  assert.equal(config.rateLimitMaxKeys, 5);
  assert.equal(config.noCrossNamespaceRefs, true);
  assert.equal(config.watchAllNamespaces, false);
  assert.equal(config.kubeEvents, false);
  assert.deepEqual(config.kubeEventsNamespaces, ['a', 'b']);
  assert.equal(config.manifests, 'examples/local');
  assert.equal(config.allowLinkLocalProviders, true);
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.logEncoding, 'console');
});

test("takes every flag of Flux's notification-controller v1.9, in pflag's forms", () => {
  const config = configOf([
    '--receiverAddr',
    '127.0.0.1:9293',
    '--concurrent=8',
    '--export-http-path-metrics',
    '--watch-label-selector=sharding.fluxcd.io/shard in (shard1, shard2)',
    '--watch-configs-label-selector',
    'owner!=helm',
    '--kube-api-qps=12.5',
    '--kube-api-burst',
    '30',
    '--feature-gates=CacheSecretsAndConfigMaps=true, DisableConfigWatchers=false',
    '--feature-gates=ObjectLevelWorkloadIdentity=true',
    '--enable-leader-election',
    '--leader-election-release-on-cancel=false',
    '--leader-election-lease-duration=20s',
    '--leader-election-renew-deadline=15s',
    '--leader-election-retry-period=2s',
    '--min-retry-delay=1s',
    '--max-retry-delay=5m',
    '--token-cache-max-size=0',
    '--token-cache-max-duration=30m',
    '--default-service-account=flux-notify',
    '--log-level=trace',
  ]);
  assert.deepEqual(config.receiverAddr, { host: '127.0.0.1', port: 9293 });
  assert.equal(config.exportHttpPathMetrics, true);
  assert.equal(config.watchLabelSelector, 'sharding.fluxcd.io/shard in (shard1, shard2)');
  assert.equal(config.watchConfigsLabelSelector, 'owner!=helm');
  assert.equal(config.kubeApiQps, 12.5);
  assert.equal(config.kubeApiBurst, 30);
  // Given twice, the gates merge, as Kubernetes' MapStringBool does.
  assert.deepEqual(config.featureGates, {
    CacheSecretsAndConfigMaps: true,
    DisableConfigWatchers: false,
    ObjectLevelWorkloadIdentity: true,
  });
  assert.equal(config.leaderElectionReleaseOnCancel, false);
  assert.equal(config.leaderElectionLeaseDurationMs, 20_000);
  assert.equal(config.leaderElectionRenewDeadlineMs, 15_000);
  assert.equal(config.leaderElectionRetryPeriodMs, 2_000);
  assert.equal(config.logLevel, 'trace');
});

test('a flag set that has no effect in Herald is one warning naming it; defaults warn of nothing', () => {
  const notices = noticesOf([
    '--concurrent=8',
    '--export-http-path-metrics=false',
    '--watch-configs-label-selector=owner!=helm',
    '--feature-gates=DisableConfigWatchers=true',
    '--min-retry-delay=-1s',
    '--max-retry-delay=5m',
    '--token-cache-max-size=5',
    '--token-cache-max-size=6',
    '--token-cache-max-duration=30m',
    '--default-service-account=sa',
    // These have an effect: no warning.
    '--kube-api-qps=5',
    '--watch-label-selector=a=b',
    '--leader-election-release-on-cancel=false',
    '--receiverAddr=:9292',
  ]);
  const byFlag = new Map(notices.map((notice) => [notice.flag, notice]));
  assert.deepEqual([...byFlag.keys()].sort(), [
    'concurrent',
    'default-service-account',
    'feature-gates',
    'max-retry-delay',
    'min-retry-delay',
    'token-cache-max-duration',
    'token-cache-max-size',
    'watch-configs-label-selector',
  ]);
  assert.equal(notices.length, byFlag.size, 'one line per flag, however often it is given');
  for (const [flag, notice] of byFlag)
    assert.match(notice.message, new RegExp(`^--${String(flag)} has no effect in Herald: `));
  assert.equal(byFlag.get('token-cache-max-size')?.value, '6', 'the value that counts');
  assert.match(byFlag.get('feature-gates')?.message ?? '', /DisableConfigWatchers \(/);
  assert.doesNotMatch(byFlag.get('feature-gates')?.message ?? '', /CacheSecretsAndConfigMaps/);
});

test("an unknown --log-level or --log-encoding falls back to Flux's default, with a warning", () => {
  const argv = ['--log-level=warn', '--log-encoding=text'];
  const config = configOf(argv);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.logEncoding, 'json');
  assert.deepEqual(
    noticesOf(argv).map((notice) => notice.message),
    [
      '--log-level=warn is not one of trace, debug, info, error: using info, as Flux does',
      '--log-encoding=text is not one of json, console: using json, as Flux does',
    ],
  );
});

test('arguments that are no flag are ignored, as pflag leaves them to a main.go that ignores them', () => {
  // `--flag false` leaves the boolean true in Flux too: the warning says how to write it.
  const argv = ['--enable-leader-election', 'false', 'stray', '--', '--concurrent=x'];
  assert.equal(configOf(argv).enableLeaderElection, true);
  assert.deepEqual(
    noticesOf(argv).map((notice) => [notice.flag, notice.value, notice.message]),
    [
      [
        undefined,
        'false',
        'Ignored the argument "false": it is no flag (Flux ignores it too; a boolean takes --flag=value)',
      ],
      [undefined, 'stray', 'Ignored the argument "stray": it is no flag (Flux ignores it too)'],
      [
        undefined,
        '--concurrent=x',
        'Ignored the argument "--concurrent=x": it is no flag (Flux ignores it too)',
      ],
    ],
  );
});

test('leader-election durations are checked only when leader election is on, as in Flux', () => {
  assert.equal(
    configOf(['--leader-election-renew-deadline=40s']).leaderElectionRenewDeadlineMs,
    40_000,
  );
  assert.match(
    errorOf(['--enable-leader-election', '--leader-election-renew-deadline=40s']),
    /--leader-election-renew-deadline: must be shorter than --leader-election-lease-duration/,
  );
  assert.match(
    errorOf(['--enable-leader-election', '--leader-election-retry-period=26s']),
    /--leader-election-renew-deadline: must be longer than 1.2 × --leader-election-retry-period/,
  );
  assert.match(
    errorOf(['--enable-leader-election', '--leader-election-retry-period=0s']),
    /--leader-election-retry-period: must be above 0/,
  );
});

test('--version asks for the version; --help for the usage', () => {
  assert.deepEqual(parseFlags(['--version'], {}), { kind: 'version' });
  assert.deepEqual(parseFlags(['-version', '--no-such-flag'], {}), { kind: 'version' });
  assert.equal(parseFlags(['-h'], {}).kind, 'help');
});

test("an unknown flag names the flag meant when it is close: Flux's spelling mistakes", () => {
  const cases: [string, string][] = [
    ['--concurent=4', 'unknown flag --concurent (did you mean --concurrent?)'],
    ['--receiver-addr=:9292', 'unknown flag --receiver-addr (did you mean --receiverAddr?)'],
    ['--receiveraddr=:9292', 'unknown flag --receiveraddr (did you mean --receiverAddr?)'],
    ['--watch-namespace', 'unknown flag --watch-namespace (did you mean --watch-all-namespaces?)'],
    ['--log-lvl=info', 'unknown flag --log-lvl (did you mean --log-level?)'],
    ['--verison', 'unknown flag --verison (did you mean --version?)'],
    ['--log-json', 'unknown flag --log-json (see --help)'],
    ['--foo', 'unknown flag --foo (see --help)'],
  ];
  for (const [arg, message] of cases) assert.equal(errorOf([arg]), message);
});

test('edit distance', () => {
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('same', 'same'), 0);
  assert.equal(closestName('concurent', ['concurrent', 'events-addr']), 'concurrent');
  assert.equal(closestName('xyz', ['concurrent']), undefined);
});

test("ints and floats as Go's strconv reads them for pflag", () => {
  const ints: [string, number][] = [
    ['4', 4],
    ['-3', -3],
    ['+7', 7],
    ['0', 0],
    ['0x1F', 31],
    ['0x_1f', 31],
    ['0o17', 15],
    ['017', 15],
    ['0b101', 5],
    ['1_000', 1000],
  ];
  for (const [text, value] of ints) assert.equal(parseGoInt(text), value, text);
  for (const text of ['', '4.0', '1__0', '_1', '1_', '0x', '08', 'four', ' 4', '9007199254740993'])
    assert.throws(() => parseGoInt(text), text);
  const floats: [string, number][] = [
    ['50', 50],
    ['12.5', 12.5],
    ['-1', -1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['+Inf', Infinity],
  ];
  for (const [text, value] of floats) assert.equal(parseGoFloat32(text), value, text);
  assert.ok(Number.isNaN(parseGoFloat32('NaN')));
  for (const text of ['', 'fifty', '1e39', '0x10', ' 5'])
    assert.throws(() => parseGoFloat32(text), text);
});

test('label selectors as Kubernetes parses them', () => {
  assert.deepEqual(parseLabelSelector(''), []);
  assert.deepEqual(parseLabelSelector('  '), []);
  assert.deepEqual(
    parseLabelSelector(
      'app, !canary, tier=web, env==prod, owner!=helm, example.com/shard in (a, b), x notin (), n>1, m<-2, empty=',
    ),
    [
      { key: 'app', op: 'exists' },
      { key: 'canary', op: '!exists' },
      { key: 'tier', op: '=', value: 'web' },
      { key: 'env', op: '=', value: 'prod' },
      { key: 'owner', op: '!=', value: 'helm' },
      { key: 'example.com/shard', op: 'in', values: ['a', 'b'] },
      { key: 'x', op: 'notin', values: [''] },
      { key: 'n', op: 'gt', value: 1 },
      { key: 'm', op: 'lt', value: -2 },
      { key: 'empty', op: '=', value: '' },
    ],
  );
  const bad: [string, RegExp][] = [
    ['a in b', /"a in" needs "\(" next/],
    ['a b', /found "b" after "a"/],
    ['a=b c', /found "c", expected "," or the end/],
    ['Bad_Prefix/x=y', /the prefix must be a DNS subdomain/],
    ['-a=b', /the name must be/],
    ['a=-b', /value "-b"/],
    [`a=${'v'.repeat(64)}`, /value "v+"/],
    ['n>x', /"n>" needs an integer value/],
    ['a,', /found the end, expected a key or "!"/],
    ['a in (b', /found the end in the values of "a"/],
    ['!', /found the end after "!"/],
  ];
  for (const [text, expected] of bad) assert.throws(() => parseLabelSelector(text), expected, text);
});

test('--kube-events-skip-controllers takes a comma list; empty skips none', () => {
  const skip = (value: string) =>
    configOf([`--kube-events-skip-controllers=${value}`]).kubeEventsSkipControllers;
  assert.deepEqual(skip('kubelet, source-controller,kubelet'), ['kubelet', 'source-controller']);
  assert.deepEqual(skip(''), []);
  assert.deepEqual(skip(' '), []);
});

test('environment: KUBECONFIG, RUNTIME_NAMESPACE, POD_NAME then HOSTNAME', () => {
  const config = configOf([], { KUBECONFIG: '/k', RUNTIME_NAMESPACE: 'ops', HOSTNAME: 'host-1' });
  assert.equal(config.kubeconfig, '/k');
  assert.equal(config.runtimeNamespace, 'ops');
  assert.equal(config.podName, 'host-1');
  assert.equal(configOf([], { POD_NAME: 'pod-1', HOSTNAME: 'host-1' }).podName, 'pod-1');
  assert.equal(configOf(['--kubeconfig=/flag'], { KUBECONFIG: '/k' }).kubeconfig, '/flag');
});

test('a bad value is one line naming the flag and what is wrong', () => {
  const cases: [string[], RegExp][] = [
    [['--rate-limit-interval=5'], /--rate-limit-interval: invalid duration "5"/],
    [['--rate-limit-interval=-1s'], /--rate-limit-interval: negative duration/],
    [['--rate-limit-max-keys=0'], /--rate-limit-max-keys: not a whole number of at least 1/],
    [['--rate-limit-max-keys=ten'], /--rate-limit-max-keys/],
    [['--events-addr=9090'], /--events-addr: "9090" is not host:port/],
    [['--events-addr=:99999'], /--events-addr: ":99999" has no valid port/],
    [['--watch-all-namespaces=yes'], /--watch-all-namespaces: not a boolean/],
    [['--concurrent=four'], /invalid value "four" for flag --concurrent: not a whole number/],
    [['--kube-api-qps=fast'], /invalid value "fast" for flag --kube-api-qps: not a number/],
    [['--kube-api-burst=1.5'], /--kube-api-burst: not a whole number/],
    [['--token-cache-max-duration=1'], /--token-cache-max-duration: invalid duration "1"/],
    [['--receiverAddr=9292'], /--receiverAddr: "9292" is not host:port/],
    [['--export-http-path-metrics=yes'], /--export-http-path-metrics: not a boolean/],
    [['--watch-label-selector=a in b'], /--watch-label-selector: "a in" needs/],
    [['--watch-configs-label-selector=a b'], /--watch-configs-label-selector: found "b"/],
    [['--feature-gates=Unknown=true'], /--feature-gates: feature gate "Unknown" is not supported/],
    [['--feature-gates=CacheSecretsAndConfigMaps'], /--feature-gates: malformed pair/],
    [
      ['--feature-gates=CacheSecretsAndConfigMaps=yes'],
      /--feature-gates: the value of CacheSecretsAndConfigMaps is not a boolean/,
    ],
    [
      ['--kube-events-namespaces=Bad_NS'],
      /--kube-events-namespaces: "Bad_NS" is not a namespace name/,
    ],
    [
      ['--kube-events-skip-controllers=a,,b'],
      /--kube-events-skip-controllers: a name in the list is empty/,
    ],
    [
      ['--kube-events-skip-controllers=a b'],
      /--kube-events-skip-controllers: a name holds a space/,
    ],
    [['--manifests='], /--manifests: must not be empty/],
    [['--manifests'], /flag --manifests needs a value/],
    [['--no-such-flag'], /unknown flag --no-such-flag/],
    [['--concurrent'], /flag --concurrent needs a value/],
  ];
  for (const [argv, expected] of cases) assert.match(errorOf(argv), expected);
});

test('--help lists every flag', () => {
  const result = parseFlags(['--help'], {});
  assert.ok(result.kind === 'help');
  for (const flag of FLAGS) assert.ok(result.text.includes(`--${flag.name}`), flag.name);
});
