import type { ManifestObject } from '../api/validation/manifest-validator.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { EventSink } from '../pipeline/event-sink.js';
import { loggingSink } from '../pipeline/logging-sink.js';
import type { HealthDeps } from '../server/health-app.js';
import { judgeManifest } from './manifest-judge.js';
import { loadManifests, type LoadedManifests } from './manifest-loader.js';

export interface LocalMode {
  sink: EventSink;
  health: HealthDeps;
  stop(): Promise<void>;
}

/** The manifests folder cannot be read at all (missing, not a folder, no permission). */
export class ManifestsUnreadableError extends Error {
  readonly code = 'HERALD_MANIFESTS_UNREADABLE';
}

/**
 * Local mode: Alerts, Providers and Secrets come from YAML files instead of a cluster. A bad
 * document is logged with its file and field; the others still load.
 */
export async function startLocalMode(options: {
  dir: string;
  config: Config;
  logger: Logger;
}): Promise<LocalMode> {
  const { dir, config, logger } = options;
  let loaded: LoadedManifests<ManifestObject>;
  try {
    loaded = await loadManifests(dir, judgeManifest);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ManifestsUnreadableError(`cannot read --manifests folder "${dir}" (${why})`);
  }
  reportLoad(loaded, dir, logger);
  if (config.kubeEvents) {
    logger.info('Native Kubernetes Events need a cluster; they are not watched in local mode');
  }
  return {
    sink: loggingSink(logger),
    health: {
      ready: () => true,
      status: () => ({
        mode: 'local',
        manifests: dir,
        objects: loaded.objects.map((object) => ({
          kind: object.kind,
          namespace: object.metadata.namespace,
          name: object.metadata.name,
        })),
        problems: loaded.problems,
      }),
    },
    stop: () => Promise.resolve(),
  };
}

function reportLoad(loaded: LoadedManifests<ManifestObject>, dir: string, logger: Logger): void {
  for (const problem of loaded.problems) {
    logger.error(
      { file: problem.file, document: problem.document, field: problem.field },
      `Rejected manifest: ${problem.message}`,
    );
  }
  for (const skipped of loaded.ignored) {
    logger.debug(
      { file: skipped.file, document: skipped.document },
      `Ignored manifest: ${skipped.why}`,
    );
  }
  const count = (kind: string) => loaded.objects.filter((object) => object.kind === kind).length;
  logger.info(
    {
      manifests: dir,
      files: loaded.files.length,
      alerts: count('Alert'),
      providers: count('Provider'),
      secrets: count('Secret'),
      rejected: loaded.problems.length,
    },
    'Loaded manifests',
  );
}
