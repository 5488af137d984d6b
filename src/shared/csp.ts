/**
 * The Content-Security-Policy of the kiosk renderer: sent as a header by the Electron shell and
 * by the browser harness, and repeated in src/renderer/index.html's meta tag (a test keeps the
 * two equal). No inline script or style, no remote origin, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
