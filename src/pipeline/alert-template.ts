import type { Alert } from '../api/alert.js';
import { providerDescriptor } from '../providers/provider-registry.js';
import { compileMessageTemplate, type MessageTemplate } from '../templates/message-template.js';
import type { IndexedProvider } from './alert-index.js';

/** The Provider's own template, parsed; readiness has already refused one that does not parse. */
export function providerTemplate(source: string | undefined): MessageTemplate | undefined {
  if (source === undefined) return undefined;
  const compiled = compileMessageTemplate(source);
  return compiled.ok ? compiled.template : undefined;
}

/**
 * The template an Alert's messages are rendered with: the Alert's own, else its Provider's, and
 * none unless the Provider is a chat type (the others send events, not text). Not `ok` when
 * the Alert's own does not parse: such an Alert does not route (readiness says why).
 */
export function alertTemplate(
  alert: Alert,
  provider: IndexedProvider | undefined,
): { ok: boolean; template?: MessageTemplate } {
  const own =
    alert.spec.template === undefined ? undefined : compileMessageTemplate(alert.spec.template);
  if (own?.ok === false) return { ok: false };
  if (provider === undefined || providerDescriptor(provider.type)?.class !== 'chat')
    return { ok: true };
  const template = own?.template ?? provider.template;
  return template === undefined ? { ok: true } : { ok: true, template };
}
