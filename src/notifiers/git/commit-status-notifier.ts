import type { FluxEvent } from '../../api/event.js';
import { HeraldError } from '../../errors/herald-error.js';
import { maskSecrets } from '../../http/redact.js';
import { createClosableNotifier } from '../closable-notifier.js';
import { NotificationSkipped } from '../notification-skipped.js';
import type { DeliveryContext, Notifier, ProviderTarget } from '../notifier.js';
import { configError, secretsOf } from '../target-validation.js';
import { defaultCommitStatusId } from './commit-status-id.js';
import { compileCommitStatusExpression } from './commit-status-expression.js';
import { commitOfMetadata } from './git-revision.js';

/** One commit status to set, host-neutral: each host maps severity to its own states. */
export interface CommitStatusUpdate {
  readonly event: FluxEvent;
  readonly sha: string;
  /** Flux's commit status id: the default or `spec.commitStatusExpr`'s. */
  readonly id: string;
  readonly severity: 'info' | 'error';
  readonly progressing: boolean;
}

export interface CommitStatusHost {
  /**
   * Flux's notifiers for every host but Gitea return without a status for a Progressing event;
   * Gitea sets `pending`.
   */
  readonly skipsProgressing: boolean;
  /** Sets the status unless the host already shows the same one; rejects as the host refused. */
  set(update: CommitStatusUpdate, signal: AbortSignal): Promise<void>;
}

const PROGRESSING_REASON = 'Progressing';

/**
 * The part every commit-status type shares, as Flux's notifiers have it: skip Progressing
 * events (but for Gitea), find the commit in the revision metadata or skip saying why, work
 * out the status id, then let the host set the status.
 */
export function createCommitStatusNotifier(
  target: ProviderTarget,
  host: CommitStatusHost,
): Notifier {
  const owner = `Provider ${target.namespace}/${target.name} (${target.type})`;
  const statusIdOf = commitStatusIdResolver(target, owner);
  return createClosableNotifier(owner, async (event, signal, context) => {
    const progressing = event.reason === PROGRESSING_REASON;
    if (progressing && host.skipsProgressing) {
      throw new NotificationSkipped(owner, 'a Progressing event sets no commit status');
    }
    if (event.severity !== 'info' && event.severity !== 'error') {
      throw new NotificationSkipped(owner, `a ${event.severity} event has no commit status state`);
    }
    const commit = commitOfMetadata(event.metadata);
    if (!commit.found) throw new NotificationSkipped(owner, commit.reason);
    const id = statusIdOf(event, context);
    await host.set({ event, sha: commit.sha, id, severity: event.severity, progressing }, signal);
  });
}

/** `spec.commitStatusExpr` failed on an event (a missing metadata key, say). */
export class CommitStatusExpressionError extends HeraldError {
  constructor(message: string) {
    super('HERALD_COMMIT_STATUS_EXPR_FAILED', message);
  }
}

function commitStatusIdResolver(
  target: ProviderTarget,
  owner: string,
): (event: FluxEvent, context: DeliveryContext) => string {
  const provider = target.resource;
  const source = provider?.spec.commitStatusExpr;
  if (source === undefined || source === '') {
    return (event) => defaultCommitStatusId(provider?.metadata.uid, event);
  }
  const compiled = compileCommitStatusExpression(source);
  if (!compiled.ok) {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_COMMIT_STATUS_EXPR',
      `spec.commitStatusExpr does not compile: ${compiled.error}`,
    );
  }
  return (event, context) => {
    try {
      return compiled.expression.evaluate({ event, alert: context.alertObject ?? {}, provider });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CommitStatusExpressionError(
        maskSecrets(
          `${owner}: spec.commitStatusExpr failed for the event: ${reason}`,
          secretsOf(target),
        ),
      );
    }
  };
}
