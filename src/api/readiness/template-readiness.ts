import type { ProviderClass } from '../../providers/provider-class.js';
import { CHAT_TYPES } from '../../providers/provider-class.js';
import { compileMessageTemplate } from '../../templates/message-template.js';

/** Why a Provider of a type other than chat may not have a `spec.template` (CRD and readiness). */
export const TEMPLATE_ON_CHAT_TYPES_ONLY = `spec.template is only supported for the chat provider types (${CHAT_TYPES.join(', ')})`;

/** What is wrong with a `spec.template`, or undefined when it is absent or parses. */
export function templateProblem(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const compiled = compileMessageTemplate(source);
  return compiled.ok ? undefined : `spec.template does not parse: ${compiled.error.message}`;
}

/**
 * What is wrong with a Provider's `spec.template`: set on a type that sends no chat message
 * (the CRD's rule, which local mode has no API server to apply), or not parsing.
 */
export function providerTemplateProblem(
  source: string | undefined,
  providerClass: ProviderClass,
): string | undefined {
  if (source !== undefined && providerClass !== 'chat') {
    return TEMPLATE_ON_CHAT_TYPES_ONLY;
  }
  return templateProblem(source);
}
