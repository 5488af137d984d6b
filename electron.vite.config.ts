import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * `electron-vite dev` only: Vite's dev server needs an inline React-refresh preamble, inline
 * styles and a WebSocket, which the built app's CSP meta tag forbids. In dev the meta tag is
 * dropped and main's CSP header (DEV_CONTENT_SECURITY_POLICY in src/main/window.ts) governs;
 * the built index.html keeps the strict meta policy, the same one main sends as a header.
 */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'kiosk:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, ''),
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages: everything (the contract, zod) is inlined.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // The kiosk loads from disk, but the first screen should still appear at once.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), devContentSecurityPolicy()],
  },
});
