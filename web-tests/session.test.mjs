// The tab's sign-in over time, against an Api whose tokens live 30 s: renewed silently before they expire (the
// page keeps working past the first token's lifetime, the hub reconnects with the new one), and signed out with
// the sign-in form shown when the renewal is refused (the account was removed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { System, launchBrowser, screenshots, waitFor } from './system.mjs';
import { DemoResident, DemoDesk } from './fixture.mjs';

const Lifetime = 30_000;
let system;
let browser;

before(async () => {
  system = await new System({ apiEnv: { Auth__TokenLifetime: '00:00:30' } }).start();
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await system?.stop();
});

async function open(path, viewport) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', error => page.errors.push(error.message));
  await page.goto(system.url(path));
  return page;
}

const stored = page => page.evaluate(() => JSON.parse(sessionStorage.getItem('occupancy.token') ?? 'null'));

test('a signed-in tab renews its token silently and keeps working after the first token has expired', { timeout: 300_000 }, async () => {
  const page = await open('/book', { width: 390, height: 844 });
  const form = page.locator('[data-signin="resident"]');
  await form.locator('input').first().fill(DemoResident.cardNumber, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill(DemoResident.pin);
  await form.locator('button[type="submit"]').click();
  await page.locator('#who').waitFor({ timeout: 60_000 });
  const first = await stored(page);
  assert.ok(Date.parse(first.expiresAt) - Date.now() <= Lifetime, 'the Api gave the short lifetime');

  await waitFor(async () => (await stored(page))?.accessToken !== first.accessToken,
    { timeoutMs: Lifetime, message: 'the token to be renewed before the first one expires' });
  const renewedAt = Date.now();
  assert.ok(renewedAt < Date.parse(first.expiresAt), 'renewed before the expiry, not after');

  await waitFor(() => Date.now() > Date.parse(first.expiresAt) + 2000, { timeoutMs: Lifetime + 5000, message: 'the first token to expire' });
  assert.ok(await page.locator('#who').isVisible(), 'still signed in');
  const me = await page.evaluate(async () => {
    const { accessToken } = JSON.parse(sessionStorage.getItem('occupancy.token'));
    const response = await fetch('/api/auth/me', { headers: { Authorization: `Bearer ${accessToken}` } });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(me.status, 200, "the tab's current token is accepted");
  assert.equal(me.body.memberId, DemoResident.memberId);
  // The hub closed the connection of the expired token; the page is live again on the renewed one.
  await waitFor(async () => (await page.evaluate(() => document.documentElement.dataset.live)) === 'live',
    { timeoutMs: 60_000, message: 'the live connection to be up with the renewed token' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a tab whose renewal is refused is signed out and shows the sign-in form, without the data', { timeout: 300_000 }, async () => {
  const username = 'webtest.leaving';
  await system.must('PUT', `/api/admin/staff/${username}`, { name: '离职员工', role: 'staff', sites: [DemoDesk.siteId], password: 'leaving-2026-pass' });
  const page = await open(`/dashboard/${DemoDesk.siteId}`, { width: 1440, height: 900 });
  const form = page.locator('[data-signin="staff"]');
  await form.locator('input').first().fill(username, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill('leaving-2026-pass');
  await form.locator('button[type="submit"]').click();
  await page.locator('.place').first().waitFor({ timeout: 60_000 });

  await system.must('DELETE', `/api/admin/staff/${username}`);
  await page.locator('[data-signin="staff"]').waitFor({ timeout: Lifetime * 2 });
  assert.match(await page.locator('main').innerText(), /登录已过期/, 'the page says why');
  assert.equal(await page.locator('.place, .tile').count(), 0, 'no site data once signed out');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('occupancy.token')), null);
  await page.screenshot({ path: join(screenshots, 'dashboard-signed-out-expired.png') });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
