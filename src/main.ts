#!/usr/bin/env node
// The composition root: the one place that reads the environment and the command line.
import { Registry } from 'prom-client';
import { systemClock } from './clock/clock.js';
import type { Config } from './config/config.js';
import { ConfigError, parseFlags, type FlagNotice } from './config/flags.js';
import { HERALD_VERSION } from './config/version.js';
import { isHeraldError } from './errors/herald-error.js';
import { startHerald, type HeraldMode } from './herald.js';
import { locateClusterConfig } from './kube/cluster-config-locator.js';
import { startLocalMode } from './local/local-mode.js';
import { createLogger, type Logger } from './logging/logger.js';

async function main(): Promise<number> {
  let config: Config;
  let notices: readonly FlagNotice[];
  try {
    const parsed = parseFlags(process.argv.slice(2), process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(`${parsed.text}\n`);
      return 0;
    }
    if (parsed.kind === 'version') {
      process.stdout.write(`${HERALD_VERSION}\n`);
      return 0;
    }
    ({ config, notices } = parsed);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, encoding: config.logEncoding });
  logger.info({ version: HERALD_VERSION, node: process.version }, 'Starting Herald');
  // One line for each flag set that has no effect in Herald, value taken another way, or
  // argument ignored: Flux's command lines start Herald, and say here what does not carry over.
  for (const notice of notices) {
    logger.warn({ flag: notice.flag, value: notice.value }, notice.message);
  }
  const registry = new Registry();
  try {
    const mode = await buildMode(config, logger, registry);
    if (typeof mode === 'string') return fail(mode);
    const herald = await startHerald({ config, logger, registry, clock: systemClock, mode });
    await waitForSignal(logger);
    await herald.stop();
  } catch (error) {
    // Herald's own start-up failures (folder unreadable, bad kubeconfig, port taken) say
    // their cause in one line; anything else is a bug and keeps its stack.
    if (isHeraldError(error)) return fail(error.message);
    throw error;
  }
  logger.info('Stopped');
  logger.flush();
  return 0;
}

/**
 * Local mode with `--manifests`, else cluster mode with the configuration found; a string
 * says why neither can start. Cluster mode is loaded only when used: its Kubernetes client
 * alone holds about 75 MB that local mode does not need.
 */
async function buildMode(
  config: Config,
  logger: Logger,
  registry: Registry,
): Promise<HeraldMode | string> {
  if (config.manifests !== undefined) {
    return startLocalMode({ dir: config.manifests, config, logger, registry, clock: systemClock });
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
  const { startClusterMode } = await import('./cluster/cluster-mode.js');
  return startClusterMode({
    config,
    logger,
    registry,
    clock: systemClock,
    source,
    env: process.env,
  });
}

function fail(message: string): number {
  process.stderr.write(`herald: ${message}\n`);
  return 1;
}

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
