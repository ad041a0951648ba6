/**
 * A small HTTP proxy in front of the real server, on its own port, for the sync tests: it
 * forwards everything (the app, the service worker, config.json, the API) and can be told to
 * fail submissions in the ways a phone meets on a bad network:
 *
 * - `fail500(n)`: answer 500 to the next n `POST /api/v1/submissions` without forwarding them;
 * - `setDown(true)`: the server is unreachable: open connections are destroyed, and so is every
 *   request that arrives (the browser sees a connection closed with no answer);
 * - `cutAfterCommit(n)`: forward the next n submissions, wait for the server's whole reply (so the
 *   batch is committed), then destroy the client's socket without answering.
 *
 * Every submission that reaches the proxy is logged with what was done to it and, when the server
 * answered, the per-response statuses it gave (`stored`, `duplicate`, …).
 */
import {
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { Socket } from 'node:net';

/** What happened to one submission request. */
export interface SubmissionAttempt {
  /** `forwarded`: answered by the server; `500`: answered by the proxy; `down`: socket destroyed
   *  unanswered; `cut`: forwarded and committed, then the socket destroyed unanswered. */
  fault: 'forwarded' | '500' | 'down' | 'cut';
  /** The response ids in the batch (when the body could be read). */
  ids: string[];
  /** The server's HTTP status (forwarded and cut). */
  status?: number;
  /** The server's per-response verdicts (forwarded and cut). */
  results?: { id: string; status: string; reason?: { code: string; message: string } }[];
}

/** A running fault proxy. */
export interface FaultProxy {
  /** The proxy's origin, e.g. `http://127.0.0.1:41234`: the only address the browser uses. */
  url: string;
  port: number;
  /** Every submission seen, in order. */
  readonly attempts: readonly SubmissionAttempt[];
  /** Answer 500 to the next `n` submissions (Infinity: until `reset`). */
  fail500(n: number): void;
  /** Take the "server" down (open connections and every request are destroyed) or bring it back. */
  setDown(down: boolean): void;
  /** Forward the next `n` submissions, wait for the committed reply, then cut the connection. */
  cutAfterCommit(n: number): void;
  /** No more faults (the log is kept). */
  reset(): void;
  /** Empties the log. */
  clearLog(): void;
  /** Resolves when `test(attempts)` holds; rejects after `timeoutMs`. */
  waitFor(test: (attempts: readonly SubmissionAttempt[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (e.g. the server's `http://127.0.0.1:port`). */
export async function startFaultProxy(target: string, options: { submissionsPath?: string } = {}): Promise<FaultProxy> {
  const submissionsPath = options.submissionsPath ?? '/api/v1/submissions';
  const upstream = new URL(target);
  const attempts: SubmissionAttempt[] = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  let failing = 0;
  let cutting = 0;
  let down = false;

  const log = (attempt: SubmissionAttempt) => {
    attempts.push(attempt);
    for (const w of waiters) w();
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const idsOf = (body: Buffer): string[] => {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { responses?: { id?: unknown }[] };
      return (parsed.responses ?? []).map((r) => String(r?.id));
    } catch {
      return [];
    }
  };

  /** Sends a request upstream; resolves with the whole reply. */
  const forward = (req: IncomingMessage, body: Buffer | undefined) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      if (body) headers['content-length'] = String(body.length);
      const up = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      if (body) up.end(body);
      else req.pipe(up);
    });

  const reply = (res: ServerResponse, status: number, headers: IncomingMessage['headers'], body: Buffer) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined || k === 'connection' || k === 'keep-alive' || k === 'transfer-encoding') continue;
      out[k] = v;
    }
    out['content-length'] = String(body.length);
    // No keep-alive: every request gets a fresh connection, so Chromium never transparently
    // resends a request on a reused socket and each fault reaches the app exactly once.
    out.connection = 'close';
    res.writeHead(status, out);
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const isSubmission = req.method === 'POST' && (req.url ?? '').split('?')[0] === submissionsPath;
    if (down) {
      if (isSubmission) log({ fault: 'down', ids: [] });
      req.socket.destroy();
      return;
    }
    if (!isSubmission) {
      const answer = await forward(req, undefined);
      reply(res, answer.status, answer.headers, answer.body);
      return;
    }
    const body = await readBody(req);
    const ids = idsOf(body);
    if (failing > 0) {
      failing -= 1;
      log({ fault: '500', ids });
      const text = Buffer.from(JSON.stringify({ error: 'internal', message: 'fault proxy: 500' }));
      reply(res, 500, { 'content-type': 'application/json; charset=utf-8' }, text);
      return;
    }
    const cut = cutting > 0;
    if (cut) cutting -= 1;
    const answer = await forward(req, body);
    let results: SubmissionAttempt['results'];
    try {
      results = (JSON.parse(answer.body.toString('utf8')) as { results?: SubmissionAttempt['results'] }).results;
    } catch {
      results = undefined;
    }
    if (cut) {
      // The server has answered, so the batch is committed; the device never hears of it.
      req.socket.destroy();
      log({ fault: 'cut', ids, status: answer.status, ...(results ? { results } : {}) });
      return;
    }
    reply(res, answer.status, answer.headers, answer.body);
    log({ fault: 'forwarded', ids, status: answer.status, ...(results ? { results } : {}) });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // The server itself is unreachable (or stopped): behave like it.
      req.socket.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    attempts,
    fail500(n) {
      failing = n;
    },
    setDown(value) {
      down = value;
      if (down) for (const s of sockets) s.destroy();
    },
    cutAfterCommit(n) {
      cutting = n;
    },
    clearLog() {
      attempts.length = 0;
    },
    reset() {
      failing = 0;
      cutting = 0;
      down = false;
    },
    waitFor(test, timeoutMs = 30_000) {
      if (test(attempts)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!test(attempts)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fault proxy: condition not met in ${timeoutMs} ms; attempts: ${JSON.stringify(attempts)}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
