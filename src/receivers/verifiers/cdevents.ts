import { checkEvent, checkShape, decodeObject, header } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** `dev.cdevents.<subject>.<predicate>.<version>`, as the CDEvents spec names event types. */
const CDEVENT_TYPE = /^dev\.cdevents\.[a-z]+\.[a-z]+\.\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** The context fields every CDEvent must carry, non-empty. */
const REQUIRED_CONTEXT = ['specversion', 'id', 'source', 'type', 'timestamp'] as const;

/**
 * cdevents: signs nothing; the body must be a valid CDEvent (a context with id, source, type,
 * timestamp and specversion, and a subject with an id), and the CloudEvents `Ce-Type` header is
 * checked against `events`.
 */
export const verifyCdEvents: ReceiverVerifier = (request, context) => {
  const what = 'CDEvent';
  const event = header(request.headers, 'Ce-Type') ?? '';
  const payload = decodeObject(request.body, what, { context: 'object', subject: 'object' });
  const fields = checkShape(payload.context, what, {
    specversion: 'string',
    id: 'string',
    source: 'string',
    type: 'string',
    timestamp: 'string',
  });
  const missing = REQUIRED_CONTEXT.filter(
    (field) => fields[field] === undefined || fields[field] === '',
  );
  if (missing.length > 0)
    throw new VerificationError(
      `unable to validate CDEvent event: context.${missing.join(', context.')} required`,
    );
  const type = String(fields.type);
  if (!CDEVENT_TYPE.test(type))
    throw new VerificationError(`unable to validate CDEvent event: unknown type "${type}"`);
  if (Number.isNaN(Date.parse(String(fields.timestamp))))
    throw new VerificationError(
      'unable to validate CDEvent event: context.timestamp is not a time',
    );
  const subject = checkShape(payload.subject, what, { id: 'string', content: 'object' });
  if (subject.id === undefined || subject.id === '')
    throw new VerificationError('unable to validate CDEvent event: subject.id required');
  checkEvent(event, context, 'CDEvent');
  return Promise.resolve({ summary: `CDEvent: ${event}` });
};
