import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from '../../src/config/config.js';
import { ConfigError, FLAGS, parseFlags } from '../../src/config/flags.js';
import { FLUX_CONTROLLERS } from '../../src/sources/flux-controllers.js';

function configOf(argv: string[], env: Record<string, string> = {}): Config {
  const result = parseFlags(argv, env);
  assert.ok(result.kind === 'config');
  return result.config;
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
  assert.equal(config.rateLimitIntervalMs, 300_000);
  assert.equal(config.rateLimitMaxKeys, 100_000);
  assert.equal(config.noCrossNamespaceRefs, false);
  assert.equal(config.watchAllNamespaces, true);
  assert.equal(config.enableLeaderElection, false);
  assert.equal(config.kubeEvents, true);
  assert.deepEqual(config.kubeEventsNamespaces, []);
  assert.equal(config.kubeEventsSinceMs, 0);
  assert.deepEqual(config.kubeEventsSkipControllers, [...FLUX_CONTROLLERS]);
  assert.equal(config.manifests, undefined);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.logEncoding, 'json');
  assert.equal(config.runtimeNamespace, 'flux-system');
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.kubeEventsNamespaces));
  assert.ok(Object.isFrozen(config.kubeEventsSkipControllers));
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
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.logEncoding, 'console');
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
    [['--log-level=warn'], /--log-level: must be one of debug, info, error/],
    [['--log-encoding=text'], /--log-encoding: must be one of json, console/],
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
    [['stray'], /unexpected argument "stray"/],
    [
      ['--leader-election-renew-deadline=20s'],
      /--leader-election-renew-deadline: must be shorter than --leader-election-lease-duration/,
    ],
  ];
  for (const [argv, expected] of cases) assert.match(errorOf(argv), expected);
});

test('--help lists every flag', () => {
  const result = parseFlags(['--help'], {});
  assert.ok(result.kind === 'help');
  for (const flag of FLAGS) assert.ok(result.text.includes(`--${flag.name}`), flag.name);
});
