import { HeraldError } from '../errors/herald-error.js';

/**
 * A notifier chose not to send an event, as Flux's return without error: a Progressing event
 * for a commit status, an event that names no commit. Neither a delivery nor a failure: the
 * dispatcher logs the reason at debug and tells no one else.
 */
export class NotificationSkipped extends HeraldError {
  readonly reason: string;

  constructor(owner: string, reason: string) {
    super('HERALD_NOTIFICATION_SKIPPED', `${owner}: skipped: ${reason}`);
    this.reason = reason;
  }
}

export function isNotificationSkipped(value: unknown): value is NotificationSkipped {
  return value instanceof NotificationSkipped;
}
