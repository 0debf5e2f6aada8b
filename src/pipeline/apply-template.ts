import type { FluxEvent } from '../api/event.js';
import type { Logger } from '../logging/logger.js';
import { objectKeyFields } from '../logging/object-fields.js';
import { NotificationSkipped } from '../notifiers/notification-skipped.js';
import type { IndexedAlert } from './alert-index.js';
import { templateData } from './template-data.js';

/**
 * The notification as the Alert's template words it: the rendered text becomes the message and
 * the metadata goes, so the template alone decides the body (the chat notifier still adds its
 * title and colour). Without a template, the notification as it is.
 *
 * A render that fails (an error in the template's logic, or its step or size bounds exceeded)
 * must not cost the notification: it goes out in the default format, with a warning. A render
 * that gives only whitespace is the template choosing to say nothing: the notification is
 * skipped (chat platforms refuse empty messages anyway).
 */
export function applyTemplate(
  notification: FluxEvent,
  alert: IndexedAlert,
  logger: Logger,
): FluxEvent {
  const { template } = alert;
  if (template === undefined) return notification;
  const name = alert.key.slice(alert.namespace.length + 1);
  const data = templateData(notification, {
    name,
    namespace: alert.namespace,
    summary: alert.summary,
  });
  const rendered = template.render(data);
  if (!rendered.ok) {
    logger.warn(
      {
        ...objectKeyFields('Alert', alert.key),
        provider: alert.provider?.key,
        code: rendered.error.code,
        error: rendered.error.message,
      },
      'Message template failed; sending the default message',
    );
    return notification;
  }
  if (rendered.text.trim() === '')
    throw new NotificationSkipped(`Alert ${alert.key}`, 'its message template rendered no text');
  return { ...notification, message: rendered.text, metadata: {} };
}
