// A screen whose connection the server closed (the Api node stopping for a restart) retries at once, without its
// back-off, and keeps retrying about every second while the node is away; it is fresh again once the node is back.
// Waits are generous bounds; the time to fresh is reported, not asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { System, launchBrowser, waitFor } from './system.mjs';
import { defineFixture, CanteenId } from './fixture.mjs';

let system;
let browser;

before(async () => {
  system = await new System().start();
  await defineFixture(system);
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await system?.stop();
});

const retries = page => page.evaluate(() => ({
  cause: document.documentElement.dataset.reconnectCause ?? null,
  delays: (document.documentElement.dataset.reconnectDelays ?? '').split(' ').filter(Boolean).map(Number),
}));

test('a display whose connection the Api closed retries at once, then about every second, and is fresh when the Api is back', { timeout: 300_000 }, async t => {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(system.url(`/display/canteen/${CanteenId}`));
  const free = (await system.must('GET', `/api/canteens/${CanteenId}`)).freeSeats;
  const freeSeats = () => page.locator('#free-seats').first().textContent();
  await waitFor(async () => (await freeSeats()) === String(free), { message: 'the display to be live first' });
  assert.deepEqual(await retries(page), { cause: null, delays: [] }, 'no reconnect before the Api stops');

  await system.stopApiGracefully();
  // While the Api is away every attempt fails: the page keeps retrying at the short cadence, never backing off.
  await waitFor(async () => (await retries(page)).delays.length >= 4, { timeoutMs: 60_000, message: 'four reconnect attempts while the Api is away' });
  const whileAway = await retries(page);
  assert.equal(whileAway.cause, 'server-closed', 'the page knows the server closed its connection');
  assert.equal(whileAway.delays[0], 0, 'the first retry is at once');
  assert.ok(whileAway.delays.slice(1).every(delay => delay <= 1000), `later retries within a second, not backing off: ${whileAway.delays}`);

  await system.startApi();
  const ready = Date.now();
  await system.must('PUT', `/api/canteens/${CanteenId}/tables/t14`, { occupied: 2 });
  await waitFor(async () => (await freeSeats()) === String(free - 2), { timeoutMs: 120_000, intervalMs: 20, message: 'the display to resync after the restart' });
  t.diagnostic(`Api ready again → display fresh: ${Date.now() - ready} ms`);
  // Live again, not only resynced.
  await system.must('PUT', `/api/canteens/${CanteenId}/tables/t14`, { occupied: 0 });
  await waitFor(async () => (await freeSeats()) === String(free), { timeoutMs: 60_000, message: 'a push after the reconnect' });
  assert.deepEqual(errors, [], 'no script errors');
  await context.close();
});
