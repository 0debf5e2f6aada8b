import { Registry } from 'prom-client';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../src/clock/clock.js';
import { startClusterMode, type ClusterMode } from '../../src/cluster/cluster-mode.js';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import { startLocalMode } from '../../src/local/local-mode.js';
import type { Logger } from '../../src/logging/logger.js';
import { testConfig } from './herald-harness.js';
import { waitFor } from './wait-for.js';

/** Herald in local mode on the manifests in `dir`, in-process, on the system clock unless told. */
export async function startLocalHerald(
  dir: string,
  logger: Logger,
  flags: string[] = [],
  clock: Clock = systemClock,
): Promise<RunningHerald> {
  const config = testConfig([`--manifests=${dir}`, ...flags]);
  const registry = new Registry();
  const mode = await startLocalMode({ dir, config, logger, registry, clock });
  return startHerald({ config, clock, logger, registry, mode });
}

/** A new temporary directory holding `yaml` as its one manifest file. */
export async function manifestDir(yaml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-manifests-'));
  await writeFile(join(dir, 'all.yaml'), yaml);
  return dir;
}

export interface ClusterHeraldOptions {
  /** What Herald reads from its environment (POD_NAME, RUNTIME_NAMESPACE). */
  env?: Readonly<Record<string, string>>;
  /** Resolve once started, before the caches have listed (default: once they have). */
  waitForCaches?: boolean;
}

/** Herald in cluster mode against a kubeconfig, in-process, on the system clock. */
export async function startClusterHerald(
  kubeconfig: string,
  logger: Logger,
  flags: string[] = [],
  options: ClusterHeraldOptions = {},
): Promise<{ herald: RunningHerald; cluster: ClusterMode }> {
  const config = testConfig([`--kubeconfig=${kubeconfig}`, ...flags], options.env);
  const registry = new Registry();
  const cluster = startClusterMode({
    config,
    logger,
    registry,
    clock: systemClock,
    source: { kind: 'kubeconfig', path: kubeconfig },
    env: {},
  });
  const herald = await startHerald({ config, clock: systemClock, logger, registry, mode: cluster });
  if (options.waitForCaches !== false) {
    await waitFor(() => cluster.health.ready(), 'caches to sync');
  }
  return { herald, cluster };
}
