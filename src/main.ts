#!/usr/bin/env node
// The composition root: the one place that reads the environment and the command line.
import { Registry } from 'prom-client';
import { systemClock } from './clock/clock.js';
import type { Config } from './config/config.js';
import { ConfigError, parseFlags } from './config/flags.js';
import { startHerald, type RunningHerald } from './herald.js';
import { locateClusterConfig } from './kube/cluster-config-locator.js';
import { ManifestsUnreadableError, startLocalMode, type LocalMode } from './local/local-mode.js';
import { startClusterMode, type ClusterMode } from './cluster/cluster-mode.js';
import { KubeConfigError } from './kube/kube-config-loader.js';
import { LeaderElectionConfigError } from './kube/leader-election.js';
import { createLogger, type Logger } from './logging/logger.js';

async function main(): Promise<number> {
  let config: Config;
  try {
    const parsed = parseFlags(process.argv.slice(2), process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(`${parsed.text}\n`);
      return 0;
    }
    config = parsed.config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`herald: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, encoding: config.logEncoding });

  const registry = new Registry();
  const mode = await startMode(config, logger, registry);
  if (typeof mode === 'string') {
    process.stderr.write(`herald: ${mode}\n`);
    return 1;
  }
  const herald = await startHerald({
    config,
    logger,
    registry,
    clock: systemClock,
    sink: mode.sink,
    health: mode.health,
  });
  mode.startKubeEvents?.(herald.intake);
  await waitForSignal(logger);
  await shutdown(herald, logger, () => mode.stop());
  return 0;
}

/**
 * Local mode with `--manifests`, else cluster mode with the configuration found; a string
 * says why neither can start.
 */
async function startMode(
  config: Config,
  logger: Logger,
  registry: Registry,
): Promise<Mode | string> {
  if (config.manifests !== undefined) {
    try {
      return await startLocalMode({
        dir: config.manifests,
        config,
        logger,
        registry,
        clock: systemClock,
      });
    } catch (error) {
      if (error instanceof ManifestsUnreadableError) return error.message;
      throw error;
    }
  }
  const source = locateClusterConfig(config.kubeconfig, process.env);
  if (source.kind === 'none') {
    return (
      `no Kubernetes configuration found (looked in: ${source.looked.join(', ')}).\n` +
      'To run without a cluster, load Alerts and Providers from YAML files:\n' +
      '  herald --manifests examples/local\n' +
      'or see it work end to end with: npm run demo'
    );
  }
  try {
    return startClusterMode({
      config,
      logger,
      registry,
      clock: systemClock,
      source,
      env: process.env,
    });
  } catch (error) {
    if (error instanceof KubeConfigError || error instanceof LeaderElectionConfigError)
      return error.message;
    throw error;
  }
}

type Mode = Pick<LocalMode, 'sink' | 'health' | 'stop'> &
  Partial<Pick<ClusterMode, 'startKubeEvents'>>;

function waitForSignal(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'Received signal, shutting down');
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve();
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

async function shutdown(
  herald: RunningHerald,
  logger: Logger,
  stopRest: () => Promise<void>,
): Promise<void> {
  await herald.stop();
  await stopRest();
  logger.info('Stopped');
  logger.flush();
}

/** After a clean shutdown nothing should be left running; if something is, do not hang. */
const EXIT_GRACE_MS = 2_000;

main().then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `herald: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
