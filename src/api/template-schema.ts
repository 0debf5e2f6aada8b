import type { OpenApiSchema } from './openapi-schema.js';
import { MAX_TEMPLATE_LENGTH } from '../templates/message-template.js';

/** `spec.template` of Alerts and Providers: a message template, bounded in length. */
export function templateSchema(description: string): OpenApiSchema {
  return { type: 'string', description, minLength: 1, maxLength: MAX_TEMPLATE_LENGTH };
}
