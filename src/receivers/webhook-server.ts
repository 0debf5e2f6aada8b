import express, { type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../clock/clock.js';
import { errorMessage } from '../errors/error-message.js';
import type { Logger } from '../logging/logger.js';
import { closeAfterAnswer } from '../server/close-after-answer.js';
import { WEBHOOK_PATH_PREFIX } from '../api/receiver.js';
import type { SigningKeys } from './oidc/signing-keys.js';
import type { ReceiverEntry, ReceiverIndex } from './receiver-index.js';
import { requestReconciliation, rfc3339Nano } from './request-reconciliation.js';
import { ACCEPT_ALL, resourceFilterFor, type ResourceFilter } from './resource-filter.js';
import type { TargetClient } from './target-client.js';
import { RECEIVER_VERIFIERS } from './verifiers/registry.js';
import { VerificationError, type Verified } from './verifiers/verifier.js';

/** Largest webhook body read (3 MiB, as Flux); larger is answered 413 unread. */
export const MAX_WEBHOOK_BODY_BYTES = 3 * 1024 * 1024;

export interface WebhookServerDeps {
  /** The Receivers as last checked, by webhook path. */
  index: () => ReceiverIndex;
  targets: TargetClient;
  keys: SigningKeys;
  googleKeysUrl: string;
  noCrossNamespaceRefs: boolean;
  logger: Logger;
  clock: Pick<Clock, 'now' | 'setTimeout'>;
  /** Told of every request as it starts, for the HTTP metrics (which watch for its end). */
  observeRequest?: (req: Request, res: Response) => void;
}

/** What the lookup middleware hands on to the body reader and the handler. */
interface WebhookLocals {
  entry: ReceiverEntry;
}

/**
 * The Receiver webhook server, Flux's answers: 404 for a path no Receiver has, 503 while it is
 * suspended or not Ready, 413 past 3 MiB, 400 when the request fails its type's verification,
 * 500 when the resourceFilter cannot be applied or a target could not be patched, else 200.
 * Answers carry no body. Secrets never reach a log line: failures name the check that failed.
 */
export function createWebhookApp(deps: WebhookServerDeps): express.Express {
  const { logger, clock } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const { observeRequest } = deps;
  if (observeRequest !== undefined) {
    app.use((req, res, next) => {
      observeRequest(req, res);
      next();
    });
  }

  app.use((req: Request, res: Response, next: NextFunction) => {
    // Flux looks the Receiver up by the whole request URI: a query string matches nothing.
    const path = req.originalUrl;
    logger.info(`handling request: ${path.slice(WEBHOOK_PATH_PREFIX.length)}`);
    const entry = path.startsWith(WEBHOOK_PATH_PREFIX) ? deps.index().byPath(path) : undefined;
    if (entry === undefined) {
      answer(req, res, 404);
      return;
    }
    const fields = receiverFields(entry);
    if (entry.receiver.spec.suspend === true || !entry.readiness.ready) {
      const why =
        entry.receiver.spec.suspend === true ? 'receiver is suspended' : 'receiver is not ready';
      logger.error({ ...fields, error: 'unable to process request' }, why);
      answer(req, res, 503);
      return;
    }
    (res.locals as WebhookLocals).entry = entry;
    next();
  });
  app.use(express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY_BYTES, inflate: false }));

  app.use((req: Request, res: Response) => {
    const { entry } = res.locals as WebhookLocals;
    void handle(req, res, entry).catch((error: unknown) => {
      logger.error(
        { ...receiverFields(entry), error: errorMessage(error) },
        'Failed to handle a webhook',
      );
      if (!res.headersSent) answer(req, res, 500);
    });
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const type = (error as { type?: unknown }).type;
    const status = type === 'entity.too.large' ? 413 : type === 'encoding.unsupported' ? 415 : 400;
    const entry = (res.locals as Partial<WebhookLocals>).entry;
    logger.error(
      { ...(entry && receiverFields(entry)), error: errorMessage(error) },
      'unable to read request body',
    );
    if (status !== 400) closeAfterAnswer(req, res, clock);
    answer(req, res, status);
  });

  async function handle(req: Request, res: Response, entry: ReceiverEntry): Promise<void> {
    const fields = receiverFields(entry);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let verified: Verified;
    try {
      verified = await RECEIVER_VERIFIERS[entry.receiver.spec.type](
        { headers: req.headers, body },
        {
          receiver: entry.receiver,
          secret: entry.readiness.secret,
          oidc: entry.readiness.oidc,
          keys: deps.keys,
          googleKeysUrl: deps.googleKeysUrl,
          nowSeconds: Math.floor(clock.now() / 1000),
        },
      );
    } catch (error) {
      if (!(error instanceof VerificationError)) throw error;
      logger.error({ ...fields, error: error.message }, 'unable to validate payload');
      answer(req, res, 400);
      return;
    }
    logger.info(fields, `handling ${verified.summary}`);

    let filter: ResourceFilter = ACCEPT_ALL;
    const program = entry.readiness.resourceFilter;
    if (program !== undefined) {
      try {
        filter = resourceFilterFor(program, verified.body ?? body, req.headers['content-type']);
      } catch (error) {
        logger.error({ ...fields, error: errorMessage(error) }, 'unable to create resource filter');
        answer(req, res, 500);
        return;
      }
    }
    const errors = await requestReconciliation({
      receiver: entry.receiver,
      filter,
      targets: deps.targets,
      noCrossNamespaceRefs: deps.noCrossNamespaceRefs,
      requestedAt: rfc3339Nano(clock.now()),
      logger: logger.child(fields),
    });
    answer(req, res, errors.length === 0 ? 200 : 500);
  }

  return app;
}

function answer(_req: Request, res: Response, status: number): void {
  res.status(status).end();
}

/** The fields Flux's receiver lines carry. */
function receiverFields(entry: ReceiverEntry): Record<string, string> {
  return {
    'reconciler kind': 'Receiver',
    name: entry.readiness.name,
    namespace: entry.readiness.namespace,
  };
}
