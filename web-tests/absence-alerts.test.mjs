// Absence alerts in a real browser against the whole running system: a senior who opted in and booked a meal
// sitting does not come; at the meal's end (plus the canteen's grace, here none) the alert arrives live on the
// site's staff dashboard, staff acknowledge it there, and it leaves the panel. The meal is set to end a few minutes
// from now by the real clock, and the site's durable reminder (once a minute) runs the check: no clock is faked here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { System, launchBrowser, screenshots, root, waitFor } from './system.mjs';
import { DemoDesk } from './fixture.mjs';

const SiteId = 'webalerts';
const CanteenId = 'webalerts-canteen';
const SeniorId = 'webalerts-senior';
const Desk = { username: 'webalerts.desk', password: 'webalerts-desk-2026' };

let system;
let browser;

before(async () => {
  system = await new System().start();
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await system?.stop();
});

/** Minutes since local midnight in Ningbo, and "HH:mm" of a minute. */
function shanghaiMinutes(instant = new Date()) {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(instant).split(':').map(Number);
  return h * 60 + m;
}
/** The instant a local minute of today (Asia/Shanghai, UTC+8 all year) begins. */
function mealEnd(minutes) {
  const local = new Date(Date.now() + 8 * 3600_000);
  const midnightUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3600_000;
  return new Date(midnightUtc + minutes * 60_000);
}
const hhmm = minutes => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

test('absence alert: arrives live on the staff dashboard at the meal\'s end and is acknowledged there', { timeout: 600_000 }, async t => {
  // The meal ends at the second minute boundary from now (60–120 s away): long enough to set up and book, short
  // enough that the test waits little more than the reminder's minute after it.
  const now = shanghaiMinutes();
  if (now + 2 >= 24 * 60) {
    t.skip('a meal ending two minutes from now would cross local midnight; run again after 00:00 Asia/Shanghai');
    return;
  }
  const [from, to] = [now, now + 2];
  await system.must('PUT', `/api/sites/${SiteId}`, { name: '滨江社区嵌入式服务综合体', nameEn: 'Binjiang Community Service Complex', timeZone: 'Asia/Shanghai' });
  await system.must('PUT', `/api/canteens/${CanteenId}`, {
    siteId: SiteId, name: '滨江社区食堂', nameEn: 'Binjiang Community Canteen',
    mealHours: [{ meal: 'lunch', from: hhmm(from), to: hhmm(to) }], alertGraceMinutes: 0,
    tables: [{ id: 't01', seats: 4 }],
  });
  await system.must('PUT', `/api/admin/staff/${Desk.username}`, { name: '缺席提醒测试前台', role: 'staff', sites: [SiteId], password: Desk.password });
  await system.must('PUT', `/api/members/${SeniorId}`, { name: '孙桂兰', phone: '13800000008', homeSiteId: SiteId, ageGroup: 'senior', resident: true });
  const consent = await system.must('PUT', `/api/members/${SeniorId}/absence-watch`, { note: 'signed the consent form at the desk' });
  assert.equal(consent.watching, true);
  assert.equal(consent.consent.givenAs, 'staff');

  // She books the sitting (it starts 20 s from now, inside the meal's hours, and ends with the meal) and then does not come.
  const startsAt = new Date(Date.now() + 20_000);
  const endsAt = mealEnd(to);
  await system.must('PUT', '/api/sessions/webalerts-lunch', {
    siteId: SiteId, facilityId: CanteenId, title: '午餐', titleEn: 'Lunch', category: 'meal',
    startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), capacity: 10,
    bookingOpensAt: new Date(Date.now() - 3600_000).toISOString(), bookingClosesAt: startsAt.toISOString(), cancelFreeUntil: startsAt.toISOString(),
  });
  await system.must('POST', '/api/sessions/webalerts-lunch/bookings', { memberId: SeniorId });

  // Nobody else sees the site's alerts: an anonymous caller, and staff of another site.
  assert.equal((await system.request('GET', `/api/sites/${SiteId}/alerts`, undefined, {}, { as: null })).status, 401);
  const other = await system.request('POST', '/api/auth/staff', { username: DemoDesk.username, password: DemoDesk.password }, {}, { as: null });
  assert.equal((await system.request('GET', `/api/sites/${SiteId}/alerts`, undefined, {}, { as: other.body.accessToken })).status, 403);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', error => errors.push(error.message));
  await page.goto(system.url(`/dashboard/${SiteId}`));
  const form = page.locator('[data-signin="staff"]');
  await form.locator('input').first().fill(Desk.username, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill(Desk.password);
  await form.locator('button[type="submit"]').click();
  await page.locator('#absence-alerts li.no-alerts').waitFor({ timeout: 60_000 });

  // The meal ends within two minutes; the reminder checks once a minute after that.
  const item = page.locator(`#absence-alerts li[data-member="${SeniorId}"]`);
  await item.waitFor({ timeout: 420_000 });
  assert.match(await item.innerText(), /孙桂兰/);
  assert.match(await item.innerText(), /13800000008/);
  assert.equal(await page.locator('#absence-count').innerText(), '1 条未处理');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, 'dashboard-alert.png') });
  mkdirSync(join(root, 'docs/images'), { recursive: true });
  copyFileSync(join(screenshots, 'dashboard-alert.png'), join(root, 'docs/images/dashboard-alert.png'));

  await item.locator('select[name="outcome"]').selectOption('reachedByPhone');
  await item.locator('input[name="note"]').fill('女儿接她去医院复查了');
  await item.locator('button[type="submit"]').click();
  await page.locator('#absence-alerts li.no-alerts').waitFor({ timeout: 60_000 });

  const alerts = await system.must('GET', `/api/sites/${SiteId}/alerts`);
  assert.equal(alerts.length, 1, 'one alert for the one absence');
  assert.equal(alerts[0].status, 'closed');
  assert.deepEqual([alerts[0].acknowledgement.outcome, alerts[0].acknowledgement.note, alerts[0].acknowledgement.by],
    ['reachedByPhone', '女儿接她去医院复查了', Desk.username]);
  assert.deepEqual(errors, [], 'the page ran without script errors');
  await context.close();
});
