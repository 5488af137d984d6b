// The browser transport of the IPC contract, for the demo and the end-to-end tests (never part
// of the packaged app). It serves the built renderer and carries the contract over HTTP:
//
//   POST /api/invoke/<channel>   JSON request body -> the Result JSON from the same dispatcher
//   GET  /api/events             server-sent events: each contract event, named as in the contract
//   GET  /demo/phone             server-sent events: each SMS the simulator received {id,to,text,time}
//   GET  /demo/people            a few registered people to try (name and number), demo only
//   POST /demo/text              {from, text}: a phone texts the kiosk (text-to-sign-in), demo only
//
// It listens on 127.0.0.1 only. Requests must name this server in Host (no DNS rebinding), and
// the API refuses anything a cross-site page could send (wrong Origin or Sec-Fetch-Site, a
// content type other than JSON), which stands in for the Electron transport's sender check.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES, type IpcResult } from '../shared/ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { fail } from '../main/ipc/dispatcher';
import type { KioskApp } from '../main/kiosk-app';
import type { ReceivedMessage } from '../main/modem/simulator';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

const MAX_BODY_BYTES = 64 * 1024;

/** One SMS as the virtual phone shows it. */
export interface PhoneMessage {
  id: number;
  to: string;
  text: string;
  /** Epoch ms, by the kiosk's clock. */
  time: number;
}

export interface WebServerOptions {
  app: KioskApp;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Only loopback addresses are accepted. */
  host?: '127.0.0.1' | 'localhost';
  log?: (line: string) => void;
}

export interface WebServer {
  /** e.g. http://127.0.0.1:5180/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { app } = options;
  const rendererDir = resolve(options.rendererDir);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const streams = new Set<ServerResponse>();
  let allowedHosts: Set<string> = new Set();
  // One id per message for the server's life, so a page that reconnects can drop repeats.
  const ids = new WeakMap<ReceivedMessage, number>();
  let nextPhoneId = 1;

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      log(`web: ${req.method} ${req.url} failed: ${(error as Error).message}`);
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return sendText(res, 421, 'This server answers only to its own loopback address.');
    }
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    if (path.startsWith('/api/invoke/')) return invoke(req, res, path.slice('/api/invoke/'.length));
    if (path === '/api/events') return eventStream(req, res);
    if (path === '/demo/phone') return phoneStream(req, res);
    if (path === '/demo/people') return people(req, res);
    if (path === '/demo/text') return textFromPhone(req, res);
    if (path.startsWith('/api/') || path.startsWith('/demo/'))
      return sendText(res, 404, 'Not found');
    return serveStatic(req, res, path);
  }

  /** A same-origin request from the kiosk page, not a cross-site form or script. */
  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, '').toLowerCase())) {
      return false;
    }
    const site = req.headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, rawChannel: string) {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendText(res, 405, 'Use POST');
    }
    if (!sameOrigin(req)) {
      return sendJson(
        res,
        403,
        fail('forbidden_sender', 'This request did not come from the kiosk screen.'),
      );
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, fail('invalid_request', 'The request must be JSON.'));
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      channel = rawChannel;
    }
    const body = await readBody(req);
    if (body === undefined) {
      return sendJson(res, 413, fail('invalid_request', 'The request is too large.'));
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sendJson(res, 400, fail('invalid_request', 'The request is not valid JSON.'));
    }
    // The same dispatcher as Electron's: zod validation, typed errors, never a throw.
    const result: IpcResult<unknown> = await app.dispatcher.dispatch(channel, payload);
    sendJson(res, 200, result);
  }

  function openStream(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') {
      sendText(res, 405, 'Use GET');
      return false;
    }
    if (!sameOrigin(req)) {
      sendText(res, 403, 'Forbidden');
      return false;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return true;
  }

  function eventStream(req: IncomingMessage, res: ServerResponse) {
    if (!openStream(req, res)) return;
    const listeners = EVENT_NAMES.map((name) => {
      const listener = (payload: unknown) => writeEvent(res, name, payload);
      app.events.on(name, listener);
      return [name, listener] as const;
    });
    req.on('close', () => {
      for (const [name, listener] of listeners) app.events.off(name, listener);
    });
  }

  function phoneStream(req: IncomingMessage, res: ServerResponse) {
    const simulator = app.simulator;
    if (!simulator)
      return sendText(res, 404, 'The virtual phone exists only with the simulated modem.');
    if (!openStream(req, res)) return;
    const send = (message: ReceivedMessage) => {
      let id = ids.get(message);
      if (id === undefined) ids.set(message, (id = nextPhoneId++));
      const view: PhoneMessage = {
        id,
        to: message.to,
        text: message.text,
        time: message.receivedAt,
      };
      writeEvent(res, 'sms', view);
    };
    // What arrived before the page connected first, then each new message.
    for (const message of simulator.inbox()) send(message);
    simulator.on('message', send);
    req.on('close', () => simulator.off('message', send));
  }

  function people(req: IncomingMessage, res: ServerResponse) {
    if (!app.simulator) return sendText(res, 404, 'Only in the demo.');
    if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
    if (!sameOrigin(req)) return sendText(res, 403, 'Forbidden');
    const list = app.services.registry
      .list()
      .filter((user) => user.status === 'active' && user.phone)
      .slice(0, 8)
      .map((user) => ({ name: user.displayName, phone: user.phone! }));
    sendJson(res, 200, list);
  }

  /** The virtual phone texts the kiosk: the simulator stores it and tells the driver (+CMTI). */
  async function textFromPhone(req: IncomingMessage, res: ServerResponse) {
    const simulator = app.simulator;
    if (!simulator) return sendText(res, 404, 'Only in the demo.');
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    if (!sameOrigin(req)) return sendText(res, 403, 'Forbidden');
    const body = await readBody(req);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body ?? '');
    } catch {
      return sendText(res, 400, 'The request is not valid JSON.');
    }
    const from = (parsed as { from?: unknown })?.from;
    const text = (parsed as { text?: unknown })?.text;
    if (typeof from !== 'string' || !/^\+?\d{3,20}$/.test(from.replace(/\s/g, ''))) {
      return sendText(res, 400, 'Give the sending phone number in international form.');
    }
    if (typeof text !== 'string' || text.length === 0 || text.length > 320) {
      return sendText(res, 400, 'Give a text of 1 to 320 characters.');
    }
    simulator.receiveSms(from.replace(/\s/g, ''), text);
    res.writeHead(204).end();
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Use GET');
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return sendText(res, 400, 'Bad path');
    }
    if (decoded.includes('\0')) return sendText(res, 400, 'Bad path');
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(rendererDir, relative));
    if (
      file !== rendererDir &&
      !file.startsWith(rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep)
    ) {
      return sendText(res, 404, 'Not found');
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return sendText(res, 404, 'Not found');
      size = stat.size;
    } catch {
      // Browsers ask for a favicon whether or not the page names one.
      if (relative === 'favicon.ico') {
        res.writeHead(204, { 'Cache-Control': 'max-age=86400' });
        res.end();
        return;
      }
      return sendText(res, 404, 'Not found');
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      // Hashed asset names change with their content; the page itself is always revalidated.
      'Cache-Control': relative.startsWith('assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  // Comments keep idle event streams open through anything that times out quiet connections.
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': ping\n\n');
  }, 25_000);
  keepAlive.unref();

  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(keepAlive);
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function writeEvent(res: ServerResponse, name: string, payload: unknown) {
  // The app's last events (e.g. the admin signed out at shutdown) can follow a closed stream.
  if (res.writableEnded || res.destroyed) return;
  res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** The body as text, or undefined when it is larger than MAX_BODY_BYTES. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
