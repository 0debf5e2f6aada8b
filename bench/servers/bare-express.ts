// The baseline: express doing only what any JSON endpoint must (parse, answer 202).
import express from 'express';
import { listen } from '../../src/server/listen.js';
import { announcePort } from './announce-port.js';

const app = express();
app.use(express.json({ limit: 3 * 1024 * 1024, type: () => true }));
app.post('/', (_req, res) => {
  res.status(202).end();
});
announcePort(await listen(app, { host: '127.0.0.1', port: 0 }));
