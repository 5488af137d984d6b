// The harness itself: the page loads under its CSP, the contract answers over HTTP with the same
// dispatcher as Electron's, and a code sent through signin.start shows on the virtual phone.
import { test, expect, openKiosk, PEOPLE } from './support/fixtures';

test('serves the kiosk page with a strict CSP and no console errors', async ({ page, kiosk }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    // Chromium's note that a <meta> CSP cannot carry frame-ancestors: the header does carry it.
    if (m.type() === 'error' && !m.text().includes("'frame-ancestors' is ignored")) {
      errors.push(m.text());
    }
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const response = await page.goto(kiosk.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('phone-input')).toBeVisible();
  await expect(page.getByTestId('virtual-phone')).toBeVisible();
  expect(errors).toEqual([]);
});

test('answers kiosk.info over HTTP and refuses cross-site or invalid requests', async ({
  request,
  kiosk,
}) => {
  const info = await request.post(`${kiosk.url}api/invoke/kiosk.info`, { data: {} });
  expect(await info.json()).toMatchObject({
    ok: true,
    value: { demo: true, siteName: 'Harbour Depot', modem: { state: 'ready' } },
  });

  const invalid = await request.post(`${kiosk.url}api/invoke/signin.start`, {
    data: { phone: 12 },
  });
  expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

  const unknown = await request.post(`${kiosk.url}api/invoke/fs.read`, { data: {} });
  expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

  const crossSite = await request.post(`${kiosk.url}api/invoke/kiosk.info`, {
    data: {},
    headers: { Origin: 'http://evil.example' },
  });
  expect(crossSite.status()).toBe(403);

  const rebinding = await request.get(kiosk.url, { headers: { Host: 'evil.example' } });
  expect(rebinding.status()).toBe(421);
});

test('shows the SMS sent through signin.start on the virtual phone', async ({
  page,
  request,
  kiosk,
}) => {
  await openKiosk(page, kiosk);
  await expect(page.getByTestId('phone-empty')).toBeVisible();
  const started = await request.post(`${kiosk.url}api/invoke/signin.start`, {
    data: { phone: PEOPLE.sam.typed },
  });
  expect(await started.json()).toMatchObject({ ok: true, value: { codeLength: 6 } });
  const code = await kiosk.code(PEOPLE.sam.e164);
  const message = page.getByTestId('phone-message');
  await expect(message).toHaveCount(1);
  await expect(message).toContainText(PEOPLE.sam.e164);
  await expect(message.getByTestId('phone-code')).toHaveText(code);
});
