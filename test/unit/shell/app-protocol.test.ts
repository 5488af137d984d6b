import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  contentTypeOf,
  createAppProtocolHandler,
  isAppOrigin,
  isAppPageUrl,
  registerAppScheme,
  resolveAppFile,
} from '../../../src/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';

const root = join(tmpdir(), 'kiosk-renderer-root');

describe('resolveAppFile: app://kiosk/ URL → file under the renderer folder', () => {
  it('maps the page and its assets inside the folder', () => {
    expect(resolveAppFile('app://kiosk/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://kiosk/index.html?x=1#/home', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://kiosk/assets/index-abc.js', root)).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppFile('app://kiosk/assets/a%20b.css', root)).toBe(
      join(root, 'assets', 'a b.css'),
    );
  });

  it('never names a file outside the folder', () => {
    // The URL parser already folds `..` and `%2e%2e` segments at the root; what is left must
    // still land inside the folder.
    for (const url of [
      'app://kiosk/../../etc/passwd',
      'app://kiosk/%2e%2e/%2e%2e/etc/passwd',
      'app://kiosk/assets/../../../etc/passwd',
    ]) {
      expect(resolveAppFile(url, root), url).toBe(join(root, 'etc', 'passwd'));
    }
  });

  it('refuses encoded separators, NUL, bad escapes and the folder itself', () => {
    for (const url of [
      'app://kiosk/..%2f..%2fetc%2fpasswd',
      'app://kiosk/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://kiosk/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://kiosk/..%5c..%5cwindows%5cwin.ini',
      'app://kiosk/assets%5c..%5c..%5csecret',
      'app://kiosk/index.html%00.png',
      'app://kiosk/%E0%A4%A',
      'app://kiosk/.%2f',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });

  it('refuses other schemes, hosts, ports and credentials', () => {
    for (const url of [
      'file:///etc/passwd',
      'https://kiosk/index.html',
      'app://other/index.html',
      'app://kiosk.evil/index.html',
      'app://kiosk:8080/index.html',
      'app://me:pw@kiosk/index.html',
      'app:index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(url, root), url).toBeNull();
    }
  });
});

describe('the app origin check (sender and navigation rules ask it)', () => {
  it('isAppPageUrl: only the page of app://kiosk', () => {
    expect(isAppPageUrl('app://kiosk/')).toBe(true);
    expect(isAppPageUrl('app://kiosk/index.html#/admin')).toBe(true);
    expect(isAppPageUrl('app://kiosk/assets/a.js')).toBe(false);
    expect(isAppPageUrl('app://kiosk/index.html/x')).toBe(false);
    expect(isAppPageUrl('app://evil/index.html')).toBe(false);
    expect(isAppPageUrl('file:///opt/kiosk/out/renderer/index.html')).toBe(false);
    expect(isAppPageUrl('http://kiosk/index.html')).toBe(false);
  });

  it('isAppOrigin: any URL of app://kiosk and nothing else', () => {
    expect(isAppOrigin('app://kiosk/assets/a.js')).toBe(true);
    expect(isAppOrigin('app://kiosk:1/')).toBe(false);
    expect(isAppOrigin('app://kiosk2/')).toBe(false);
  });
});

describe('the protocol.handle handler', () => {
  function renderer() {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>k</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    // A file next to the renderer folder that a traversal would reach.
    writeFileSync(join(dir, '..', `secret-${dir.split('-').pop()}.txt`), 'secret');
    return dir;
  }

  it('serves files with their type, the CSP header and nosniff', async () => {
    const handler = createAppProtocolHandler({
      rendererDir: renderer(),
      csp: CONTENT_SECURITY_POLICY,
    });
    const page = await handler(new Request('app://kiosk/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>k</title>');
    const script = await handler(new Request('app://kiosk/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('answers 404 for missing files and traversal, 405 for anything but GET/HEAD', async () => {
    const dir = renderer();
    const read = vi.fn(async (file: string) => {
      const { readFile } = await import('node:fs/promises');
      return readFile(file);
    });
    const handler = createAppProtocolHandler({ rendererDir: dir, csp: 'x', readFile: read });
    const secret = `secret-${dir.split('-').pop()}.txt`;
    expect((await handler(new Request('app://kiosk/missing.js'))).status).toBe(404);
    for (const url of [
      `app://kiosk/..%2f${secret}`,
      `app://kiosk/%2e%2e/${secret}`,
      `app://kiosk/assets/..%2F..%2F${secret}`,
    ]) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
    // The file system is never asked about a path outside the folder.
    for (const [file] of read.mock.calls) expect(file.startsWith(join(dir, '/'))).toBe(true);
    const post = await handler(new Request('app://kiosk/index.html', { method: 'POST' }));
    expect(post.status).toBe(405);
    const head = await handler(new Request('app://kiosk/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });

  it('knows the content types it serves', () => {
    expect(contentTypeOf('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('/x/a.SVG')).toBe('image/svg+xml');
    expect(contentTypeOf('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeOf('/x/a.bin')).toBe('application/octet-stream');
  });
});

describe('the scheme registration', () => {
  it('is standard and secure, without CSP bypass, CORS or service workers', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: APP_SCHEME_PRIVILEGES },
    ]);
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      codeCache: true,
    });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
  });
});
