// The renderer's own origin: `app://kiosk/`, a privileged custom scheme served by protocol.handle
// from the built renderer folder only (Electron's checklist: a custom protocol, not file://).
// The URL → file resolution and the origin check are pure and unit-tested; the Electron calls
// are two thin functions at the bottom.
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Standard (relative URLs, web storage work), secure (a secure context like https), fetch for
 * the page's own assets, code cache. Not bypassCSP, not corsEnabled, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/** Parses a URL of our scheme and host; null for anything else (other scheme, host, port, user). */
function appUrlOf(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (parsed.username || parsed.password || parsed.port) return null;
  return parsed;
}

/**
 * Is this the kiosk page itself (`app://kiosk/` or `app://kiosk/index.html`, any query or
 * fragment)? The sender check and the navigation rule ask this. Node's URL reports the origin
 * of a non-special scheme as "null", so scheme and host are compared one by one.
 */
export function isAppPageUrl(url: string): boolean {
  const parsed = appUrlOf(url);
  return !!parsed && (parsed.pathname === '/' || parsed.pathname === '/index.html');
}

/** Is this URL of the app's origin at all (a page, an asset, a blob: the page made)? */
export function isAppOrigin(url: string): boolean {
  return appUrlOf(url) !== null;
}

/**
 * The file under `rendererDir` an `app://kiosk/...` URL names, or null when it names none:
 * another scheme or host, an undecodable or NUL/backslash path, or a path that leaves the
 * folder (`..`, encoded `%2e%2e` / `%2f`, absolute). `/` is index.html.
 */
export function resolveAppFile(url: string, rendererDir: string): string | null {
  const parsed = appUrlOf(url);
  if (!parsed) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows; NUL ends a path in C. Neither belongs in an asset URL.
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path}`);
  const inside = relative(root, file);
  if (!inside || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return null;
  }
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppProtocolOptions {
  rendererDir: string;
  /** The Content-Security-Policy header every response carries. */
  csp: string;
  /** Injected for tests; fs.readFile reads inside the asar in a packaged app. */
  readFile?(file: string): Promise<Uint8Array>;
}

type ResponseBody = ConstructorParameters<typeof Response>[0];

function refusal(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** The protocol.handle handler: GET/HEAD of files under the renderer folder, nothing else. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const read = options.readFile ?? ((file: string) => readFile(file));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refusal(405, 'Method not allowed');
    }
    const file = resolveAppFile(request.url, options.rendererDir);
    if (!file) return refusal(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return refusal(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : (body as ResponseBody), {
      status: 200,
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Security-Policy': options.csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}

/** Must run before app 'ready' (Electron refuses it later), once. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } },
  ]);
}

/** After 'ready': serve `app://kiosk/` on the kiosk window's session. */
export function handleAppScheme(
  protocol: Pick<Protocol, 'handle'>,
  options: AppProtocolOptions,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options));
}
