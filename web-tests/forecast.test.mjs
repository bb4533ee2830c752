// "When to come" in a real browser against the whole running system with the demo catalog: the generated eight weeks
// are there from the first start (marked generated), a display that is full now shows its one line
// "通常 HH:MM 后有空位", and /book draws a small chart per facility with a text alternative. The screenshots go to
// docs/images/display-forecast.png and docs/images/book-forecast.png. Whatever the hour of the run, the system and the
// browser live at 10:30 in Ningbo today (the silo's DomainClock__Offset, the browser's fixed time): places are open then
// and later hours are quieter, so the test never has to skip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { System, launchBrowser, screenshots, root, waitFor } from './system.mjs';

let system;
let browser;

/** How far 10:30 in Ningbo today is from now, in ms (negative in the Ningbo afternoon and evening). */
const offsetMs = (() => {
  const [h, m, sec] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(new Date()).split(':').map(Number);
  return ((10 * 60 + 30) * 60 - (h * 3600 + m * 60 + sec)) * 1000;
})();

/** A .NET TimeSpan for the offset: "[-]hh:mm:ss". */
function timeSpan(ms) {
  const total = Math.round(Math.abs(ms) / 1000);
  const two = n => String(n).padStart(2, '0');
  return `${ms < 0 ? '-' : ''}${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}

before(async () => {
  system = await new System({ siloEnv: { DomainClock__Offset: timeSpan(offsetMs) } }).start();
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await system?.stop();
});

/** The first 10-minute step at or after the system's now in Ningbo, "HH:mm" (what a forecast's quiet time means "now"). */
function nowStep() {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(Date.now() + offsetMs)).split(':').map(Number);
  const minute = Math.ceil((h * 60 + m) / 10) * 10;
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Every seat or place of an open demo place taken, so it is busy now and its forecast names a later quiet time. */
async function fill(kind, place) {
  if (kind === 'canteens') {
    for (const table of place.tables) await system.must('PUT', `/api/canteens/${place.id}/tables/${table.id}`, { occupied: table.seats });
  } else if (place.zones?.length) {
    for (const zone of place.zones) await system.must('PUT', `/api/facilities/${place.id}/occupancy`, { occupied: zone.capacity, zoneId: zone.id });
  } else {
    await system.must('PUT', `/api/facilities/${place.id}/occupancy`, { occupied: place.capacity });
  }
}

test('forecast: generated history from the first start, a display\'s one line, and /book\'s charts', { timeout: 600_000 }, async () => {
  // The silo seeds the weeks at start-up beside the catalog: wait for the gym's eight same weekdays.
  const gym = await waitFor(async () => {
    const answer = await system.request('GET', '/api/facilities/fuming-gym/forecast', undefined, {}, { as: null });
    return answer.status === 200 && answer.body.usualDays === 8 ? answer.body : null;
  }, { timeoutMs: 120_000, intervalMs: 1000, message: 'eight weeks of generated history for fuming-gym' });
  assert.equal(gym.generatedDays, 8, 'the demo weeks are marked generated');
  assert.equal(gym.method, 'adjustedToToday');
  assert.equal((await system.request('GET', '/api/facilities/no-such-place/forecast', undefined, {}, { as: null })).status, 404);

  // A place open now, made full: its display names a later quiet time.
  const sites = await system.must('GET', '/api/sites');
  let shown = null;
  for (const site of sites) {
    const snapshot = await system.must('GET', `/api/sites/${site.id}`);
    const places = [...snapshot.canteens.map(c => ['canteens', c]), ...snapshot.facilities.map(f => ['facilities', f])];
    for (const [kind, place] of places.filter(([, p]) => p.open)) {
      await fill(kind, place);
      const forecast = await system.must('GET', `/api/${kind}/${place.id}/forecast`);
      if (forecast.nextQuietTime && forecast.nextQuietTime > nowStep()) { shown = { kind, place, forecast }; break; }
    }
    if (shown) break;
  }
  assert.ok(shown, 'at 10:30 some open demo place, made full, has a later quiet time');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // The pages' own "now" (the display hides a quiet time already past) is the system's; timers keep running.
  await context.clock.setFixedTime(new Date(Date.now() + offsetMs));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', error => errors.push(error.message));
  page.on('console', message => { if (/Content.Security.Policy|Refused/i.test(message.text())) errors.push(message.text()); });
  const display = shown.kind === 'canteens' ? 'canteen' : 'facility';
  await page.goto(system.url(`/display/${display}/${shown.place.id}`));
  const line = page.locator('#forecast-line');
  await line.waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await line.innerText(), `通常 ${shown.forecast.nextQuietTime} 后有空位`);
  // The live numbers first, so the picture shows the display as a resident sees it.
  await page.waitForFunction(() => document.body.dataset.stale === 'false' && document.getElementById('name')?.textContent, null, { timeout: 60_000 });
  await page.screenshot({ path: join(screenshots, 'display-forecast.png') });
  mkdirSync(join(root, 'docs/images'), { recursive: true });
  copyFileSync(join(screenshots, 'display-forecast.png'), join(root, 'docs/images/display-forecast.png'));

  // In English the same line reads "Usually free after …".
  const english = await context.newPage();
  await english.goto(system.url(`/display/${display}/${shown.place.id}?lang=en`));
  await english.locator('#forecast-line').waitFor({ state: 'visible', timeout: 60_000 });
  assert.match(await english.locator('#forecast-line').innerText(), /^Usually free after \d\d:\d\d$/);
  await english.close();

  // /book: one chart per facility and canteen of the chosen site (the gym's, whose evenings fill), each an image with a
  // title and the hours listed for screen readers.
  const book = await context.newPage();
  book.on('pageerror', error => errors.push(error.message));
  await book.goto(system.url('/book?site=fuming'));
  const figure = book.locator('#forecast-section figure').first();
  await figure.waitFor({ timeout: 60_000 });
  const chart = figure.locator('svg[role="img"]');
  if (await chart.count()) {
    assert.match(await chart.locator('title').textContent(), /今天各小时预计人数/);
    assert.ok(await figure.locator('ul.sr-only li').count() > 0, 'the hours are listed as text');
  }
  await book.locator('#forecast-section').screenshot({ path: join(screenshots, 'book-forecast.png') });
  copyFileSync(join(screenshots, 'book-forecast.png'), join(root, 'docs/images/book-forecast.png'));
  assert.deepEqual(errors, []);
  await context.close();
});
