// The screens in a real browser against the whole running system (Azurite, Silo, Api).
// Waits are generous bounds; how fast a change reaches a screen is measured and reported, not asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { System, launchBrowser, seriousViolations, screenshots, artifacts, waitFor, DemoAdmin } from './system.mjs';
import { defineFixture, SiteId, CanteenId, GymId, KidsId, WebtestDesk, DemoResident, DemoDesk } from './fixture.mjs';

const Display = { width: 1920, height: 1080 };
const Phone = { width: 390, height: 844 };
const Desk = { width: 1440, height: 900 };
const measurements = {};

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
  writeFileSync(join(artifacts, 'screen-measurements.json'), JSON.stringify(measurements, null, 2));
});

/** A page that fails the test on script errors and remembers every address it loaded. */
async function open(path, viewport = Display, contextOptions = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...contextOptions });
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('pageerror', error => page.errors.push(error.message));
  page.on('request', request => page.requests.push(request.url()));
  await page.goto(system.url(path));
  return page;
}

async function close(page) {
  assert.deepEqual(page.errors, [], 'the page ran without script errors');
  assert.doesNotMatch(await page.locator('body').innerText(), /\bnull\b|\bundefined\b|\bNaN\b|\{\w+\}/, 'no placeholder or missing value shows');
  await page.context().close();
}

const text = (page, selector) => page.locator(selector).first().textContent({ timeout: 60_000 });

async function waitForText(page, selector, expected, message, timeoutMs = 60_000) {
  await waitFor(async () => (await page.locator(selector).first().textContent()) === expected, { timeoutMs, intervalMs: 20, message });
}

const bannerVisible = page => page.locator('#stale-banner').isVisible();

/** Signs in through the page's resident form (card number and PIN), as a resident would. */
async function signInResident(page, cardNumber, pin) {
  const form = page.locator('[data-signin="resident"]');
  await form.locator('input').first().fill(cardNumber, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill(pin);
  await form.locator('button[type="submit"]').click();
}

/** Signs in through the page's staff form (on /book it is folded away under 工作人员登录). */
async function signInStaff(page, { username, password }) {
  const fold = page.locator('#staff-signin');
  if (await fold.count() && !(await fold.evaluate(details => details.open))) await fold.locator('summary').click();
  const form = page.locator('[data-signin="staff"]');
  await form.locator('input').first().fill(username, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}

async function shot(page, name, fullPage = false) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });
}

test('the screens are served by the Api with the SignalR client vendored: nothing comes from another host', async () => {
  for (const path of ['/', `/display/canteen/${CanteenId}`, `/display/facility/${GymId}`, '/book', '/dashboard', `/dashboard/${SiteId}`, '/admin']) {
    const answer = await system.request('GET', path);
    assert.equal(answer.status, 200, `${path} answers the page`);
    assert.match(answer.text, /<!doctype html>/i, `${path} is HTML`);
  }
  assert.equal((await system.request('GET', '/display/canteen/Not_An_Id')).status, 404, 'an id of the wrong shape is 404');
  assert.equal((await system.request('GET', '/dashboard/a/b')).status, 404, 'an unknown screen is 404');
  const client = await fetch(system.url('/lib/signalr.min.js'));
  assert.equal(client.status, 200, 'the SignalR browser client is served by the Api (npm ci, then build)');

  const page = await open(`/display/canteen/${CanteenId}`);
  await waitFor(async () => !(await bannerVisible(page)) && (await text(page, '#free-seats')) !== '—', { message: 'the display to go live' });
  const foreign = page.requests.filter(url => !url.startsWith(system.baseUrl) && !url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'every request stays on the Api');
  await close(page);
});

test('canteen display: a table PUT changes the free-seat count and the table map', async t => {
  const page = await open(`/display/canteen/${CanteenId}`);
  const before = (await system.must('GET', `/api/canteens/${CanteenId}`)).freeSeats;
  await waitForText(page, '#free-seats', String(before), 'the display to show the free seats');
  assert.equal(await bannerVisible(page), false, 'a live display is not marked stale');
  assert.equal(await page.locator('.table').count(), 15, 'every table is on the map');
  assert.equal(await page.locator('.table .accessible').count(), 3, 'accessible tables are marked');
  assert.equal(await text(page, '#level .level'), '空闲', 'the level is written, not only coloured');
  await shot(page, 'display-canteen');

  const started = Date.now();
  await system.must('PUT', `/api/canteens/${CanteenId}/tables/t06`, { occupied: 4 });
  await waitForText(page, '#free-seats', String(before - 4), 'the free-seat count to drop by 4');
  const elapsed = Date.now() - started;
  measurements.tablePutToCanteenDisplayMs = elapsed;
  t.diagnostic(`table PUT → canteen display free seats: ${elapsed} ms`);
  assert.equal(await page.locator('[data-table="t06"]').getAttribute('data-free'), '0', 'the table shows no free seat');
  assert.equal(await page.locator('[data-table="t06"] .free').textContent(), '满', 'a full table says so in words');
  assert.equal(await page.locator('[data-table="t06"] .taken-seat').count(), 4, 'taken seats are drawn as taken');
  await close(page);
});

test('facility displays show places left, zones and levels, in Chinese and in English', async () => {
  const gym = await open(`/display/facility/${GymId}`);
  const facility = await system.must('GET', `/api/facilities/${GymId}`);
  await waitForText(gym, '#available', String(facility.available), 'the gym display to show places left');
  assert.equal(await gym.locator('.zone').count(), 2, 'both zones are shown');
  assert.equal(await text(gym, '#level .level'), '将满', 'the gym is nearly full');
  await shot(gym, 'display-facility-gym');
  await close(gym);

  const kids = await open(`/display/facility/${KidsId}?lang=en`);
  const area = await system.must('GET', `/api/facilities/${KidsId}`);
  await waitForText(kids, '#available', String(area.available), "the children's area display to show places left");
  assert.equal(await text(kids, '#available-label'), 'Places left', 'the English switch changes the texts');
  assert.equal(await text(kids, '#name'), "Children's Valley", 'English names are used in English');
  await shot(kids, 'display-facility-kids-en');
  await close(kids);

  const missing = await open('/display/facility/no-such-place');
  await waitFor(() => missing.locator('.fatal').isVisible(), { message: 'an unknown facility to be reported' });
  assert.match(await text(missing, '.fatal'), /找不到/, 'an unknown place is said in words, not shown as numbers');
  await close(missing);
});

test('dashboard: every place of the site live, near-full alerts, totals or a dash, after staff sign-in', async t => {
  const page = await open(`/dashboard/${SiteId}`, Desk);
  await signInStaff(page, WebtestDesk);
  await waitFor(async () => (await page.locator('.place').count()) === 3, { message: 'three places on the dashboard' });
  await waitFor(async () => (await page.locator('.alerts li[data-place]').count()) >= 1, { message: 'a near-full alert' });
  assert.match(await page.locator('.alerts').textContent(), /百姓健身房/, 'the nearly full gym is an alert');
  const stats = await system.request('GET', `/api/sites/${SiteId}/stats`);
  const visitsTile = '[data-total="visits"] .tile-value';
  if (stats.status === 404) {
    assert.equal(await text(page, visitsTile), '—', 'missing statistics show a dash, not a zero');
    t.diagnostic('the stats route answers 404: totals show "—"');
  } else {
    assert.equal(stats.status, 200, 'the stats route answers');
    await waitFor(async () => /^\d+$/.test(await text(page, visitsTile)), { message: 'the visits of today as a number' });
    const visits = Number(await text(page, visitsTile));
    await system.must('POST', `/api/facilities/${KidsId}/entries`, { count: 3, zoneId: 'care' });
    await waitFor(async () => Number(await text(page, visitsTile)) === visits + 3, { timeoutMs: 90_000, message: 'three more visits on the dashboard' });
    await waitFor(async () => (await page.locator(`[data-place="${GymId}"] svg.chart rect.bar`).count()) > 0, { message: "the gym's hourly chart" });
  }
  const started = Date.now();
  await system.must('PUT', `/api/facilities/${GymId}/occupancy`, { occupied: 5, zoneId: 'studio' });
  await waitFor(async () => (await page.locator(`[data-place="${GymId}"] .numbers`).getAttribute('data-occupied')) === '27',
    { intervalMs: 20, message: 'the dashboard to show the gym at 27' });
  measurements.facilityPutToDashboardMs = Date.now() - started;
  t.diagnostic(`occupancy PUT → dashboard: ${measurements.facilityPutToDashboardMs} ms`);
  await waitFor(async () => (await page.locator('.alerts li[data-place]').count()) === 0, { message: 'the alert to clear' });
  await system.must('PUT', `/api/facilities/${GymId}/occupancy`, { occupied: 14, zoneId: 'studio' });
  await waitFor(async () => (await page.locator('.alerts li[data-place]').count()) === 1, { message: 'the alert to come back' });
  await shot(page, 'dashboard-site');

  // The same tab keeps the sign-in (session storage) on the way to the overview.
  const overview = page;
  await overview.goto(system.url('/dashboard'));
  await waitFor(async () => (await overview.locator(`[data-site="${SiteId}"] .numbers`).textContent()).includes('/'), { message: 'the overview to show the site' });
  assert.deepEqual(await overview.locator('[data-site]').evaluateAll(cards => cards.map(card => card.dataset.site)), [SiteId],
    'staff of one site see only that site, not the demo sites');
  await shot(overview, 'dashboard-overview');
  await close(overview);
});

test('axe-core finds no serious or critical accessibility problem on any page', async () => {
  // [path, viewport, sign in first, ready when]
  const pages = [
    [`/display/canteen/${CanteenId}`, Display, null, '#free-seats'],
    [`/display/facility/${GymId}`, Display, null, '#available'],
    ['/book', Phone, null, '#site-select option'],
    ['/dashboard', Phone, null, '[data-signin="staff"]'],
    ['/dashboard', Desk, WebtestDesk, '.site-card .parts'],
    [`/dashboard/${SiteId}`, Desk, WebtestDesk, '.place'],
    ['/admin', Phone, null, '[data-signin="staff"]'],
    ['/admin', Desk, DemoAdmin, '#devices-section h2 ~ div table, #devices-section .muted:not(:empty)'],
    ['/', Phone, null, '#displays section'],
  ];
  const found = {};
  for (const [path, viewport, who, ready] of pages) {
    // Only this context lifts the Content-Security-Policy: axe is injected as an inline script.
    const page = await open(path, viewport, { bypassCSP: true });
    if (who) await signInStaff(page, who);
    await page.locator(ready).first().waitFor({ state: 'attached', timeout: 60_000 });
    await waitFor(async () => !(await bannerVisible(page)), { message: `${path} to be live` });
    const violations = await seriousViolations(page);
    if (violations.length) found[`${path}${who ? ` (${who.username})` : ''}`] = violations;
    if (path === '/') await shot(page, 'index');
    if (path === '/book') await shot(page, 'book-signed-out');
    if (who) await shot(page, `${path.slice(1).replaceAll('/', '-')}-${who.username}`);
    await close(page);
  }
  assert.deepEqual(found, {}, 'no serious or critical violations');
});

/** The local date of an instant in the fixture's time zone: the page's day tabs are local dates. */
const shanghaiDate = instant => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

async function bookingRoutesMissing() {
  const probe = await system.request('GET', `/api/sessions?siteId=${SiteId}`);
  return probe.status === 404;
}

/** The cards of the members the tests create: member id → { cardNumber, pin }. */
const cards = new Map();

/** A member of the test site with a PIN set at the desk (the answer names the card number assigned). */
async function member(id, name, phone, ageGroup = 'adult', family = []) {
  await system.must('PUT', `/api/members/${id}`, { name, phone, homeSiteId: SiteId, ageGroup, resident: true, annualCard: null, family });
  const pin = String(3571 + cards.size * 13);
  const card = await system.must('PUT', `/api/members/${id}/pin`, { pin });
  cards.set(id, { cardNumber: card.cardNumber, pin });
}

/** A /book page signed in as a member with their card and PIN (or nobody), showing the day of the session. */
async function bookPage(memberId, sessionId, day, contextOptions = {}) {
  const page = await open(`/book?site=${SiteId}`, Phone, contextOptions);
  if (memberId) {
    await signInResident(page, cards.get(memberId).cardNumber, cards.get(memberId).pin);
    await page.locator('#account-section').waitFor({ state: 'visible', timeout: 60_000 });
  }
  await page.locator(`#days [data-day="${day}"]`).click({ timeout: 60_000 });
  await page.locator(`[data-session="${sessionId}"] [data-field="seats"]`).waitFor({ timeout: 60_000 });
  return page;
}

const seatsLeft = (page, sessionId) => page.locator(`[data-session="${sessionId}"] [data-field="seats"]`).getAttribute('data-available');
const bookingStatus = (page, sessionId) => page.locator(`#bookings [data-session="${sessionId}"] .status`).first().textContent({ timeout: 60_000 });

test('booking: book, waitlist, cancel and problems in /book, live in every open page', { timeout: 400_000 }, async t => {
  if (await bookingRoutesMissing()) {
    t.skip('the booking routes (GET /api/sessions) are not in this build yet: /book cannot be exercised for real');
    return;
  }
  const startsAt = new Date(Date.now() + 3 * 3600_000);
  startsAt.setUTCMinutes(0, 0, 0);
  const day = shanghaiDate(startsAt);
  const sessionId = `webtest-yoga-${day.replaceAll('-', '')}-${String(startsAt.getUTCHours()).padStart(2, '0')}00`;
  await system.must('PUT', `/api/sessions/${sessionId}`, {
    siteId: SiteId, facilityId: GymId, title: '瑜伽', titleEn: 'Yoga', category: 'class', place: '操课室',
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    capacity: 2, waitlistCapacity: 5,
    bookingOpensAt: new Date(Date.now() - 3600_000).toISOString(),
    bookingClosesAt: new Date(startsAt.getTime() - 600_000).toISOString(),
    cancelFreeUntil: new Date(startsAt.getTime() - 3600_000).toISOString(),
    eligibility: { ageGroups: ['senior', 'adult'], annualCardRequired: false },
  });
  await member('web-a', '张阿姨', '13900000001');
  await member('web-b', '李大爷', '13900000002', 'senior');
  await member('web-c', '王女士', '13900000003');
  await member('web-d', '赵先生', '13900000004');
  await member('web-e', '孙奶奶', '13900000005', 'senior');
  await member('web-kid', '小明', '13900000006', 'child');

  const watcher = await bookPage(null, sessionId, day);
  await waitFor(async () => (await seatsLeft(watcher, sessionId)) === '2', { message: 'the open session to show 2 places' });
  await shot(watcher, 'book-sessions', true);

  const a = await bookPage('web-a', sessionId, day);
  const clicked = Date.now();
  await a.locator(`[data-session="${sessionId}"] [data-action="book"]`).click();
  await waitFor(async () => (await seatsLeft(watcher, sessionId)) === '1', { intervalMs: 10, message: 'the other page to show 1 place left' });
  measurements.bookClickToOtherPageMs = Date.now() - clicked;
  t.diagnostic(`booking click in /book → another open /book page shows the new count: ${measurements.bookClickToOtherPageMs} ms`);
  await waitFor(async () => /预约成功/.test(await a.locator('#message').textContent()), { message: 'the booking to be confirmed in words' });
  await waitFor(async () => (await bookingStatus(a, sessionId)) === '已预约', { message: "the booking in the member's list" });
  await shot(a, 'book-booked', true);

  const b = await bookPage('web-b', sessionId, day);
  await b.locator(`[data-session="${sessionId}"] [data-action="book"]`).click();
  await waitFor(async () => (await seatsLeft(watcher, sessionId)) === '0', { message: 'the session to be full' });

  const c = await bookPage('web-c', sessionId, day);
  await waitFor(async () => (await c.locator(`[data-session="${sessionId}"] [data-action="book"]`).textContent()) === '排队候补', { message: 'the waitlist offer' });
  await c.locator(`[data-session="${sessionId}"] [data-action="book"]`).click();
  await waitFor(async () => /第 1 位/.test(await c.locator('#message').textContent()), { message: 'the waitlist position in words' });
  const d = await bookPage('web-d', sessionId, day);
  await d.locator(`[data-session="${sessionId}"] [data-action="book"]`).click();
  await waitFor(async () => (await bookingStatus(d, sessionId)).includes('第 2 位'), { message: 'd second on the waitlist' });
  await shot(d, 'book-waitlisted', true);

  // b cancels: c is promoted, d moves up, each seen live on their own page.
  await b.locator(`#bookings [data-session="${sessionId}"] button.danger`).click();
  const cancelled = Date.now();
  await b.locator(`#bookings [data-session="${sessionId}"] button.danger.solid`).click();
  await waitFor(async () => (await bookingStatus(d, sessionId)).includes('第 1 位'), { intervalMs: 20, message: "d's waitlist position to move to 1" });
  measurements.cancelToWaitlistPositionMs = Date.now() - cancelled;
  t.diagnostic(`cancel in /book → another member's waitlist position moves: ${measurements.cancelToWaitlistPositionMs} ms`);
  await waitFor(async () => (await bookingStatus(c, sessionId)) === '已预约', { message: 'c to be promoted' });
  assert.match(await b.locator('#message').textContent(), /已取消/);

  const kid = await bookPage('web-kid', sessionId, day);
  await kid.locator(`[data-session="${sessionId}"] [data-action="book"]`).click();
  await waitFor(async () => (await kid.locator('#message').textContent()).includes('不对您开放'), { message: 'not-eligible as a Chinese sentence' });
  assert.match(await kid.locator(`[data-session="${sessionId}"] .card-note`).textContent(), /不对您开放/, 'the problem is said where the button was pressed');
  await shot(kid, 'book-problem', true);

  // Staff (signed in as staff) book for a member found by phone.
  await signInStaff(watcher, WebtestDesk);
  await watcher.locator('#staff-input').fill('13900000005');
  await watcher.locator('#staff-form button[type="submit"]').click();
  await waitFor(async () => (await watcher.locator('#staff-member').textContent()).includes('孙奶奶'), { message: 'the member found by phone' });
  await watcher.locator(`[data-session="${sessionId}"] [data-action="book"]`).click();
  await waitFor(async () => (await bookingStatus(watcher, sessionId)).includes('候补'), { message: 'the staff booking in her list' });
  await shot(watcher, 'book-staff', true);
  for (const page of [watcher, a, b, c, d, kid]) await close(page);

  // Only this context lifts the Content-Security-Policy, for axe's injected script.
  const checked = await bookPage('web-c', sessionId, day, { bypassCSP: true });
  await waitFor(async () => (await bookingStatus(checked, sessionId)) === '已预约', { message: "c's booking in the list" });
  const violations = await seriousViolations(checked);
  assert.deepEqual(violations, [], 'the booking page with sessions and bookings has no serious accessibility problem');
  await close(checked);
});

/** A session of the test site open for booking now, three hours ahead; answers its id and local day. */
async function openSession(prefix, { capacity = 10, waitlistCapacity = 5, ageGroups = ['senior', 'adult'] } = {}) {
  const startsAt = new Date(Date.now() + 3 * 3600_000);
  startsAt.setUTCMinutes(0, 0, 0);
  const day = shanghaiDate(startsAt);
  const sessionId = `${prefix}-${day.replaceAll('-', '')}-${String(startsAt.getUTCHours()).padStart(2, '0')}00`;
  await system.must('PUT', `/api/sessions/${sessionId}`, {
    siteId: SiteId, facilityId: GymId, title: '健康讲座', titleEn: 'Health talk', category: 'activity', place: '多功能厅',
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    capacity, waitlistCapacity,
    bookingOpensAt: new Date(Date.now() - 3600_000).toISOString(),
    bookingClosesAt: new Date(startsAt.getTime() - 600_000).toISOString(),
    cancelFreeUntil: new Date(startsAt.getTime() - 3600_000).toISOString(),
    eligibility: { ageGroups, annualCardRequired: false },
  });
  return { sessionId, day };
}

const pageMessage = page => page.locator('#message').textContent();

test('book: a resident signs in with the documented demo card and PIN, books for themself and family only', { timeout: 300_000 }, async t => {
  if (await bookingRoutesMissing()) {
    t.skip('the booking routes are not in this build yet');
    return;
  }
  const { sessionId, day } = await openSession('webtest-talk');
  // A member whose profile lists the demo resident as family (so the resident may book for her), and one who does not.
  await member('web-mum', '杨奶奶', '13900000011', 'senior', [DemoResident.memberId]);
  await member('web-other', '陌生人', '13900000012');

  const page = await open(`/book?site=${SiteId}`, Phone);
  const form = page.locator('[data-signin="resident"]');
  await form.waitFor({ timeout: 60_000 });
  assert.equal(await form.locator('input').first().getAttribute('inputmode'), 'numeric', 'the card number brings up the number pad');
  assert.equal(await form.locator('input[type="password"]').getAttribute('inputmode'), 'numeric', 'so does the PIN');

  await signInResident(page, DemoResident.cardNumber, '0000');
  await waitFor(async () => /卡号或密码不对/.test(await form.locator('.message').textContent()), { message: 'a wrong PIN said in a sentence' });
  assert.equal(await page.locator('#account-section').isVisible(), false, 'a wrong PIN signs nobody in');
  assert.doesNotMatch(await form.locator('.message').textContent(), /unauthenticated|401|\{/, 'no code or dump, a sentence');
  await shot(page, 'book-wrong-pin');

  await signInResident(page, DemoResident.cardNumber, DemoResident.pin);
  await waitFor(async () => (await page.locator('#who').textContent()).includes(DemoResident.name), { message: 'who is signed in to show' });
  const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('occupancy.token')));
  assert.equal(saved.role, 'resident');
  assert.equal(saved.memberId, DemoResident.memberId);
  assert.deepEqual(await page.context().cookies(), [], 'no cookie carries the sign-in');

  await page.locator(`#days [data-day="${day}"]`).click({ timeout: 60_000 });
  await page.locator(`[data-session="${sessionId}"] [data-action="book"]`).click({ timeout: 60_000 });
  await waitFor(async () => /预约成功/.test(await pageMessage(page)), { message: 'the booking confirmed in words' });
  await waitFor(async () => (await bookingStatus(page, sessionId)) === '已预约', { message: 'the booking in my list' });
  const mine = await system.must('GET', `/api/members/${DemoResident.memberId}/bookings`);
  assert.ok(mine.some(b => b.sessionId === sessionId && b.status === 'confirmed'), 'the Api has the booking for the signed-in resident');

  // Someone who does not list the resident as family: a sentence, and nothing of theirs.
  await page.locator('#family-input').fill('web-other');
  await page.locator('#family-form button[type="submit"]').click();
  await waitFor(async () => (await pageMessage(page)).includes('没有把您列为家人'), { message: 'a member who is not family refused in words' });
  assert.equal(await page.locator('#for-whom [data-member="web-other"]').count(), 0, 'a stranger is not offered');

  // Family: the resident books for the member whose profile lists them.
  await page.locator('#family-input').fill('web-mum');
  await page.locator('#family-form button[type="submit"]').click();
  await page.locator('#for-whom [data-member="web-mum"][aria-pressed="true"]').waitFor({ timeout: 60_000 });
  await waitFor(async () => (await page.locator('#bookings-title').textContent()).includes('杨奶奶'), { message: "the family member's bookings shown" });
  await page.locator(`[data-session="${sessionId}"] [data-action="book"]`).click({ timeout: 60_000 });
  await waitFor(async () => (await bookingStatus(page, sessionId)) === '已预约', { message: "the booking in the family member's list" });
  const hers = await system.must('GET', '/api/members/web-mum/bookings');
  assert.ok(hers.some(b => b.sessionId === sessionId && b.status === 'confirmed'), 'the family member is booked');
  await shot(page, 'book-resident', true);

  await page.locator('#sign-out').click();
  await page.locator('[data-signin="resident"]').waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('occupancy.token')), null, 'signing out forgets the token');
  await waitFor(async () => (await page.locator('#bookings').textContent()).includes('请先登录'), { message: 'no bookings shown once signed out' });
  await close(page);
});

test('dashboard: an anonymous visitor sees a sign-in form and no site data; staff see only their own sites', { timeout: 300_000 }, async () => {
  const sites = (await system.request('GET', '/api/sites', undefined, {}, { as: null })).body;
  for (const path of ['/dashboard', `/dashboard/${SiteId}`]) {
    const page = await open(path, Desk);
    await page.locator('[data-signin="staff"]').waitFor({ timeout: 60_000 });
    // The demo identities are offered on loopback: once they show, the page has done all it does for a visitor.
    await page.locator('.card.demo').waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('[data-site], .place, .tile, .alerts').count(), 0, `${path}: no overview card, place or figure`);
    const shown = await page.locator('main').innerText();
    for (const site of sites) assert.ok(!shown.includes(site.name), `${path}: ${site.name} is not shown`);
    assert.doesNotMatch(shown, /\d+\s*\/\s*\d+/, `${path}: no numbers`);
    const asked = page.requests.filter(url => /\/api\/sites|\/hubs\//.test(url));
    assert.deepEqual(asked, [], `${path}: nothing about the sites is even fetched`);
    if (path === '/dashboard') await shot(page, 'dashboard-anonymous');
    await close(page);
  }

  // Staff of another site: a sentence on this site's dashboard, only their own site in the overview.
  const page = await open(`/dashboard/${SiteId}`, Desk);
  await signInStaff(page, DemoDesk);
  await waitFor(async () => (await page.locator('main').innerText()).includes('不是站点'), { message: 'the other site refused in words' });
  assert.equal(await page.locator('.place, .tile').count(), 0, "another site's figures are not shown");
  await page.goto(system.url('/dashboard'));
  await page.locator(`[data-site="${DemoDesk.siteId}"]`).waitFor({ timeout: 60_000 });
  assert.deepEqual(await page.locator('[data-site]').evaluateAll(cards => cards.map(card => card.dataset.site)), [DemoDesk.siteId]);
  await close(page);
});

test('admin: sign-in, staff accounts and device credentials listed, a device created (secret once) and revoked', { timeout: 300_000 }, async () => {
  const page = await open('/admin', Desk);
  await page.locator('[data-signin="staff"]').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#staff-table, #devices-section').count(), 0, 'nothing administrative before signing in');
  await signInStaff(page, WebtestDesk);
  await waitFor(async () => /仅供管理员使用/.test(await page.locator('[data-signin="staff"] .message').textContent()), { message: 'staff told the page is for admins' });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('occupancy.token')), null, 'a staff token is not kept on the admin page');
  await signInStaff(page, { username: DemoAdmin.username, password: 'not-the-password' });
  await waitFor(async () => /用户名或密码不对/.test(await page.locator('[data-signin="staff"] .message').textContent()), { message: 'a wrong password said in a sentence' });

  await signInStaff(page, DemoAdmin);
  await page.locator(`#staff-table tr[data-username="${WebtestDesk.username}"]`).waitFor({ timeout: 60_000 });
  assert.match(await page.locator(`#staff-table tr[data-username="${WebtestDesk.username}"]`).innerText(), /测试前台/);

  await page.locator('#device-name').fill('测试健身房门口计数器');
  await page.locator('#device-place').selectOption(`facility:${GymId}`);
  await page.locator('#device-form button[type="submit"]').click();
  const secret = (await page.locator('#device-secret-value').textContent({ timeout: 60_000 })).trim();
  const deviceId = (await page.locator('#device-secret dd code.mono').textContent()).trim();
  assert.ok(secret.length >= 16, 'the secret is shown');
  await page.locator(`#devices-table tr[data-device="${deviceId}"]`).waitFor({ timeout: 60_000 });
  assert.doesNotMatch(await page.locator('#devices-table').innerText(), new RegExp(secret.replace(/[^\w]/g, '.')), 'the list never shows a secret');
  await shot(page, 'admin', true);

  const exchange = () => system.request('POST', '/api/auth/device', { deviceId, secret }, {}, { as: null });
  assert.equal((await exchange()).status, 200, 'the secret shown signs the device in');

  const row = page.locator(`#devices-table tr[data-device="${deviceId}"]`);
  await row.locator('button.danger').click();
  await row.locator('button.danger.solid').click();
  await page.locator(`#devices-table tr[data-device="${deviceId}"][data-revoked="true"]`).waitFor({ timeout: 60_000 });
  assert.equal((await exchange()).status, 401, 'a revoked device cannot sign in');

  await page.reload();
  await page.locator(`#devices-table tr[data-device="${deviceId}"]`).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#device-secret-value').count(), 0, 'the secret is shown once only');
  await close(page);
});

test('a display that hears nothing for 30 s marks its numbers stale, and recovers when the Api wakes', { timeout: 300_000 }, async t => {
  const page = await open(`/display/facility/${GymId}`);
  await waitFor(async () => !(await bannerVisible(page)) && (await text(page, '#available')) !== '—', { message: 'the display to be live first' });
  const paused = Date.now();
  system.pauseApi();
  try {
    await waitFor(() => bannerVisible(page), { timeoutMs: 90_000, intervalMs: 100, message: 'the stale banner while the Api is silent' });
    measurements.apiSilentToStaleMs = Date.now() - paused;
    t.diagnostic(`Api frozen (sockets open, nothing sent) → display marked stale: ${measurements.apiSilentToStaleMs} ms`);
    assert.ok(measurements.apiSilentToStaleMs >= 10_000, 'a silent display is not marked stale before the heartbeat can have been missed');
  } finally {
    system.resumeApi();
  }
  const resumed = Date.now();
  const available = (await system.must('GET', `/api/facilities/${GymId}`)).available;
  await waitForText(page, '#available', String(available), 'the right number after the Api wakes', 120_000);
  await waitFor(async () => !(await bannerVisible(page)), { timeoutMs: 120_000, message: 'the banner to go away after the Api wakes' });
  measurements.apiWakeToFreshMs = Date.now() - resumed;
  t.diagnostic(`Api awake → display fresh: ${measurements.apiWakeToFreshMs} ms`);
  await close(page);
});

test('stopping the Api marks the display stale; starting it again brings the correct numbers back', { timeout: 400_000 }, async t => {
  const canteen = await open(`/display/canteen/${CanteenId}`);
  const gym = await open(`/display/facility/${GymId}`);
  const free = (await system.must('GET', `/api/canteens/${CanteenId}`)).freeSeats;
  await waitForText(canteen, '#free-seats', String(free), 'the display to be live first');
  await waitFor(async () => !(await bannerVisible(gym)), { message: 'the gym display to be live first' });

  const stopped = Date.now();
  await system.stopApi();
  await waitFor(() => bannerVisible(canteen), { timeoutMs: 60_000, intervalMs: 50, message: 'the stale banner after the Api stopped' });
  measurements.apiStopToStaleMs = Date.now() - stopped;
  t.diagnostic(`Api stopped → display marked stale: ${measurements.apiStopToStaleMs} ms`);
  assert.equal(await text(canteen, '#stale-banner .stale-text'), '正在重新连接…');
  assert.equal(await canteen.locator('body').getAttribute('data-stale'), 'true', 'the numbers are marked stale');
  await waitFor(() => bannerVisible(gym), { timeoutMs: 60_000, message: 'the gym display stale too' });
  await shot(canteen, 'display-canteen-stale');

  // Down long enough that the screens are deep in their backoff (several failed attempts, seconds apart).
  for (const page of [canteen, gym]) {
    await waitFor(async () => Number(await page.evaluate(() => document.documentElement.dataset.reconnectAttempts ?? 0)) >= 4,
      { timeoutMs: 120_000, message: 'the display to have tried to reconnect four times' });
  }
  await system.startApi();
  const restarted = Date.now();
  // Changed before the screens are back: only the snapshot of the resync can bring it.
  await system.must('PUT', `/api/canteens/${CanteenId}/tables/t15`, { occupied: 3 });
  await waitForText(canteen, '#free-seats', String(free - 3), 'the display to resync to the new count', 120_000);
  await waitFor(async () => !(await bannerVisible(canteen)), { timeoutMs: 120_000, message: 'the banner to go away' });
  measurements.apiReadyToFreshDisplayMs = Date.now() - restarted;
  t.diagnostic(`Api ready again → display fresh with the new count: ${measurements.apiReadyToFreshDisplayMs} ms`);
  await waitFor(async () => !(await bannerVisible(gym)), { timeoutMs: 120_000, message: 'the gym display fresh again' });
  await shot(canteen, 'display-canteen-recovered');

  // And live again, not just resynced.
  await system.must('PUT', `/api/canteens/${CanteenId}/tables/t15`, { occupied: 0 });
  await waitForText(canteen, '#free-seats', String(free), 'pushes to arrive after the reconnect');
  await close(canteen);
  await close(gym);
});
