// Pages a senior can read: the large-text mode, every page checked by axe-core and measured (targets, text size) in
// both modes, /book used with the keyboard alone, and the canteen display's free-seat number at common screen sizes.
// One system start for the whole file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { System, launchBrowser, seriousViolations, screenshots, waitFor, DemoAdmin } from './system.mjs';
import { defineFixture, SiteId, CanteenId, GymId, WebtestDesk, DemoResident } from './fixture.mjs';

const Display = { width: 1920, height: 1080 };
const Phone = { width: 390, height: 844 };
const Desk = { width: 1440, height: 900 };
const LargeTextKey = 'occupancy.largeText';
const MinTarget = 48;
const MinText = 18;

let system;
let browser;
/** Sessions of the test site open for booking: one the sweep's signed-in /book shows booked, one the keyboard test books. */
let booked;
let keyboardSession;

/** The local date of an instant in the fixture's time zone: the page's day tabs are local dates. */
const shanghaiDate = instant => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

/** A session of the test site open for booking now, starting in a few hours; answers its id and local day. */
async function openSession(prefix, hoursAhead) {
  const startsAt = new Date(Date.now() + hoursAhead * 3600_000);
  startsAt.setUTCMinutes(0, 0, 0);
  const day = shanghaiDate(startsAt);
  const sessionId = `${prefix}-${day.replaceAll('-', '')}-${String(startsAt.getUTCHours()).padStart(2, '0')}00`;
  await system.must('PUT', `/api/sessions/${sessionId}`, {
    siteId: SiteId, facilityId: GymId, title: '太极拳', titleEn: 'Tai chi', category: 'class', place: '多功能厅',
    startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    capacity: 10, waitlistCapacity: 5,
    bookingOpensAt: new Date(Date.now() - 3600_000).toISOString(),
    bookingClosesAt: new Date(startsAt.getTime() - 600_000).toISOString(),
    cancelFreeUntil: new Date(startsAt.getTime() - 3600_000).toISOString(),
    eligibility: { ageGroups: ['senior', 'adult'], annualCardRequired: false },
  });
  return { sessionId, day };
}

before(async () => {
  system = await new System().start();
  await defineFixture(system);
  booked = await openSession('a11y-sweep', 3);
  keyboardSession = await openSession('a11y-keys', 5);
  await system.must('POST', `/api/sessions/${booked.sessionId}/bookings`, { memberId: DemoResident.memberId });
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await system?.stop();
});

/**
 * A page in a fresh browser context (a device of its own). largeText: true/false stores the choice on the device
 * before any page script runs, as a senior's earlier visit would have; undefined leaves the device as it is.
 */
async function open(path, viewport, { largeText, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', bypassCSP });
  if (largeText !== undefined) {
    await context.addInitScript(([key, value]) => { try { localStorage.setItem(key, value); } catch { /* about:blank */ } }, [LargeTextKey, largeText ? 'on' : 'off']);
  }
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', error => page.errors.push(error.message));
  await page.goto(system.url(path));
  return page;
}

async function close(page) {
  assert.deepEqual(page.errors, [], 'the page ran without script errors');
  await page.context().close();
}

async function signInStaff(page, { username, password }) {
  const fold = page.locator('#staff-signin');
  if (await fold.count() && !(await fold.evaluate(details => details.open))) await fold.locator('summary').click();
  const form = page.locator('[data-signin="staff"]');
  await form.locator('input').first().fill(username, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}

async function signInResident(page, { cardNumber, pin }) {
  const form = page.locator('[data-signin="resident"]');
  await form.locator('input').first().fill(cardNumber, { timeout: 60_000 });
  await form.locator('input[type="password"]').fill(pin);
  await form.locator('button[type="submit"]').click();
}

/**
 * Every visible control smaller than 48 × 48 CSS px (a checkbox counts with its label, which takes the tap too),
 * every visible piece of text set smaller than 18 px (SVG text at its drawn size), and a page wider than the screen.
 */
function measure(page) {
  return page.evaluate(({ minTarget, minText }) => {
    const describe = element => {
      const id = element.id ? `#${element.id}` : '';
      const classes = typeof element.className === 'string' && element.className.trim() ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
      const data = [...element.attributes].filter(a => a.name.startsWith('data-')).slice(0, 1).map(a => `[${a.name}]`).join('');
      return `${element.tagName.toLowerCase()}${id}${classes}${data}`;
    };
    const shown = element => element.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })
      && !element.closest('.sr-only') && element.getClientRects().length > 0;
    const small = new Set();
    const controls = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])';
    for (const control of document.querySelectorAll(controls)) {
      if (!shown(control)) continue;
      const target = ['checkbox', 'radio'].includes(control.type) ? control.closest('label') ?? control : control;
      const box = target.getBoundingClientRect();
      if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5) small.add(`${describe(target)} ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    const tiny = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || !parent || !shown(parent)) continue;
      let size = parseFloat(getComputedStyle(parent).fontSize);
      const svg = parent.closest('svg');
      if (svg) size *= svg.getScreenCTM()?.a ?? 1;
      if (size < minText - 0.05) tiny.add(`${describe(parent)} ${size.toFixed(1)}px "${node.textContent.trim().slice(0, 16)}"`);
    }
    // Wider than the screen: the reader would have to scroll sideways to read a line (tables scroll inside their box).
    const wide = document.documentElement.scrollWidth > window.innerWidth + 1 ? [`${document.documentElement.scrollWidth} px wide in ${window.innerWidth}`] : [];
    return { small: [...small], tiny: [...tiny], wide };
  }, { minTarget: MinTarget, minText: MinText });
}

const bannerVisible = page => page.locator('#stale-banner').isVisible();

test('large text: a 大字 toggle reached by keyboard, aria-pressed, remembered on the device across pages and visits', async () => {
  const page = await open('/book', Phone);
  const toggle = page.locator('.page-head button.large-text-toggle');
  await toggle.waitFor({ timeout: 60_000 });
  await waitFor(async () => (await toggle.textContent()) === '大字', { message: 'the toggle to be labelled 大字 in Chinese' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'off on a device that never chose');
  const normalSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));

  await tabTo(page, 'button.large-text-toggle');
  await page.keyboard.press('Space');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'Space switches it on and says so');
  const largeSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(largeSize >= normalSize * 1.25, `the text grows (${normalSize}px → ${largeSize}px)`);
  assert.equal(await page.evaluate(key => localStorage.getItem(key), LargeTextKey), 'on', 'kept on the device');

  // Another visit on the same device (same storage): large from the first paint, before any module has run.
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.largeText), 'true', 'the choice survives a reload');
  await page.goto(system.url('/'));
  assert.equal(await page.locator('html').getAttribute('data-large-text'), 'true', 'and applies on the start page');
  await page.goto(system.url('/book?lang=en'));
  await waitFor(async () => (await toggle.textContent()) === 'Large text', { message: 'the toggle to read Large text in English' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'Enter switches it off');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.largeText), 'false');
  await close(page);

  const fresh = await open('/book', Phone);
  assert.equal(await fresh.evaluate(() => document.documentElement.dataset.largeText), 'false', 'another device is not affected');
  await close(fresh);
});

test('every page, in normal and large-text mode: axe-core finds no serious or critical problem, targets ≥ 48 px, text ≥ 18 px', { timeout: 600_000 }, async t => {
  // [path, viewport, sign in (staff account or resident card), ready when]
  const pages = [
    ['/', Phone, null, '#displays section'],
    [`/book?site=${SiteId}`, Phone, null, `[data-session="${booked.sessionId}"] [data-action="book"]`],
    [`/book?site=${SiteId}`, Phone, DemoResident, `#bookings [data-session="${booked.sessionId}"] button.danger`],
    // A demo site, which has (generated) history: with the forecast charts of /book once they are in the build.
    ['/book?site=binjiang', Phone, null, page => page.evaluate(() => {
      const forecast = document.getElementById('forecast-section');
      return Boolean(document.querySelector('#days [aria-pressed="true"]')) && (!forecast || !forecast.hidden);
    })],
    ['/dashboard', Phone, null, '[data-signin="staff"]'],
    ['/dashboard', Desk, WebtestDesk, '.site-card .parts'],
    [`/dashboard/${SiteId}`, Desk, WebtestDesk, '.place'],
    ['/admin', Phone, null, '[data-signin="staff"]'],
    ['/admin', Desk, DemoAdmin, '#devices-section h2 ~ div table, #devices-section .muted:not(:empty)'],
    [`/display/canteen/${CanteenId}`, Display, null, '.table'],
    [`/display/facility/${GymId}`, Display, null, '.zone'],
  ];
  // The kiosk page, once it is in the build (a tablet): whatever it shows before a device signs in, once it has text.
  if ((await system.request('GET', `/kiosk/${SiteId}`, undefined, {}, { as: null })).status === 200) {
    pages.push([`/kiosk/${SiteId}`, { width: 1280, height: 800 }, null, page => page.evaluate(() => document.body.innerText.trim().length > 0)]);
  }
  const found = { axe: {}, targets: {}, text: {}, sideways: {} };
  for (const largeText of [false, true]) {
    for (const [path, viewport, who, ready] of pages) {
      const name = `${path}${who ? ` (${who.username ?? 'resident'})` : ''}${largeText ? ' [large text]' : ''}`;
      const page = await open(path, viewport, { largeText, bypassCSP: true }); // bypassCSP: axe is injected as an inline script
      // The session's day, which late in the Ningbo evening is tomorrow's tab rather than the one /book opens on.
      if (path === `/book?site=${SiteId}`) await page.locator(`#days [data-day="${booked.day}"]`).click({ timeout: 60_000 });
      if (who?.cardNumber) await signInResident(page, who);
      else if (who) await signInStaff(page, who);
      if (typeof ready === 'function') await waitFor(() => ready(page), { message: `${name} to show something` });
      else await page.locator(ready).first().waitFor({ state: 'attached', timeout: 60_000 });
      await waitFor(async () => !(await bannerVisible(page)), { message: `${name} to be live` });
      if (path.startsWith('/book') || path.startsWith('/kiosk') || path === '/') {
        assert.equal(await page.locator('html').getAttribute('data-large-text'), String(largeText), `${name}: the mode applies`);
      }
      const violations = await seriousViolations(page);
      if (violations.length) found.axe[name] = violations;
      const { small, tiny, wide } = await measure(page);
      if (small.length) found.targets[name] = small;
      if (tiny.length) found.text[name] = tiny;
      if (wide.length) found.sideways[name] = wide;
      await close(page);
    }
  }
  t.diagnostic(`${pages.length} pages × 2 modes checked`);
  // One comparison, so that a failure lists every kind of problem at once: axe-core's serious and critical
  // violations, controls under 48 × 48 px, text under 18 px, pages that scroll sideways.
  assert.deepEqual(found, { axe: {}, targets: {}, text: {}, sideways: {} }, 'no axe-core violation, no small control, no small text, no sideways scrolling');
});

/** Presses Tab (at most 120 times) until the focused element matches selector; fails naming where focus went. */
async function tabTo(page, selector, { backwards = false } = {}) {
  const path = [];
  for (let presses = 0; presses < 120; presses++) {
    const where = await page.evaluate(s => {
      const active = document.activeElement;
      return { match: Boolean(active?.matches(s)), what: active ? `${active.tagName.toLowerCase()}${active.id ? `#${active.id}` : ''} "${(active.textContent || active.value || '').trim().slice(0, 12)}"` : 'nothing' };
    }, selector);
    if (where.match) return;
    path.push(where.what);
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached ${selector}; focus went: ${path.slice(-30).join(' → ')}`);
}

/** The focused element has a visible focus ring (the pages draw a 4 px outline). */
const focusRingShown = page => page.evaluate(() => {
  const style = getComputedStyle(document.activeElement);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
});

test('keyboard only: a demo resident signs in, books and cancels on /book with Tab, Enter, Space and arrow keys', { timeout: 300_000 }, async () => {
  const { sessionId, day } = keyboardSession;
  const page = await open(`/book?site=${SiteId}`, Phone, { largeText: true });
  const bookings = () => system.must('GET', `/api/members/${DemoResident.memberId}/bookings`);
  await page.locator(`[data-demo="resident-${DemoResident.memberId}"]`).waitFor({ timeout: 60_000 });

  // Sign in with the demo resident's one-key button.
  await tabTo(page, `[data-demo="resident-${DemoResident.memberId}"]`);
  assert.ok(await focusRingShown(page), 'the focused button shows a focus ring');
  await page.keyboard.press('Enter');
  await waitFor(async () => (await page.locator('#who').textContent()).includes(DemoResident.name), { message: 'the demo resident to be signed in' });

  // The day of the session (arrow keys in the site list do not change the site: it is the only one chosen by the address).
  await tabTo(page, `#days [data-day="${day}"]`);
  await page.keyboard.press('Space');
  assert.equal(await page.locator(`#days [data-day="${day}"]`).getAttribute('aria-pressed'), 'true', 'the day chosen with Space');

  const book = `[data-session="${sessionId}"] [data-action="book"]`;
  await page.locator(book).waitFor({ timeout: 60_000 });
  await tabTo(page, book);
  assert.ok(await focusRingShown(page), 'the book button shows a focus ring');
  await page.keyboard.press('Enter');
  await waitFor(async () => /预约成功/.test(await page.locator('#message').textContent()), { message: 'the booking confirmed in words' })
    .catch(async error => {
      await page.screenshot({ path: join(screenshots, 'a11y-keyboard-failed.png'), fullPage: true });
      throw new Error(`${error.message}; the page says: ${await page.locator('#message').textContent()}; focus on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`);
    });
  const status = page.locator(`#bookings [data-session="${sessionId}"] .status`).first();
  await waitFor(async () => (await status.textContent()) === '已预约', { message: 'the booking in my list' });
  assert.ok((await bookings()).some(b => b.sessionId === sessionId && b.status === 'confirmed'), 'the Api has the booking');
  const focusIn = selector => page.evaluate(s => Boolean(document.activeElement?.closest(s)), selector);
  assert.ok(await focusIn(`#sessions [data-session="${sessionId}"]`), 'the focus stays where the reader was: on the outcome in the card, not back at the top');

  // Cancel: the button, then the confirmation, which takes the focus on its safe answer (不取消).
  await tabTo(page, `#bookings [data-session="${sessionId}"] button.danger:not(.solid)`);
  await page.keyboard.press('Space');
  const keep = page.locator(`#bookings [data-session="${sessionId}"] .confirm-box button.secondary`);
  await keep.waitFor({ timeout: 60_000 });
  assert.ok(await keep.evaluate(button => button === document.activeElement), 'the confirmation takes the focus on its safe answer');
  await page.keyboard.press('ArrowDown'); // arrows do nothing harmful on a button
  await tabTo(page, `#bookings [data-session="${sessionId}"] button.danger.solid`, { backwards: true });
  await page.keyboard.press('Enter');
  await waitFor(async () => /已取消/.test(await page.locator('#message').textContent()), { message: 'the cancellation confirmed in words' });
  await waitFor(async () => (await bookings()).some(b => b.sessionId === sessionId && b.status === 'cancelled'), { message: 'the Api to have the booking cancelled' });
  assert.ok(await focusIn(`#bookings [data-session="${sessionId}"]`), 'after cancelling, the focus is on the outcome in the booking, not back at the top');
  await waitFor(async () => (await page.locator(book).count()) === 1, { message: 'the session offered again' });
  await close(page);
});

test('canteen display: the free-seat number is at least 30 % of the screen height at common sizes, whole on screen', async t => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }, { width: 1080, height: 1920 }]) {
    const page = await open(`/display/canteen/${CanteenId}`, viewport);
    const number = page.locator('#free-seats');
    await waitFor(async () => /^\d+$/.test(await number.textContent()) && !(await bannerVisible(page)), { message: 'the display to go live' });
    const box = await number.boundingBox();
    const share = box.height / viewport.height;
    t.diagnostic(`${viewport.width}×${viewport.height}: free-seat number ${Math.round(box.height)} px high = ${(share * 100).toFixed(1)} % of the screen`);
    assert.ok(share >= 0.30, `${viewport.width}×${viewport.height}: the number is ${(share * 100).toFixed(1)} % of the screen height`);
    const glyphs = await number.evaluate(element => { const range = document.createRange(); range.selectNodeContents(element); const r = range.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; });
    assert.ok(glyphs.left >= 0 && glyphs.right <= viewport.width && glyphs.top >= 0 && glyphs.bottom <= viewport.height,
      `${viewport.width}×${viewport.height}: the digits are whole on screen (${JSON.stringify(glyphs)})`);
    await page.screenshot({ path: join(screenshots, `display-canteen-${viewport.width}x${viewport.height}.png`) });
    await close(page);
  }
});


test('screenshot for the closing note: /book signed in, in large-text mode, on a tablet', async () => {
  const page = await open(`/book?site=${SiteId}`, { width: 1024, height: 1366 }, { largeText: true });
  await page.locator(`[data-demo="resident-${DemoResident.memberId}"]`).click({ timeout: 60_000 });
  await page.locator(`#bookings [data-session="${booked.sessionId}"] button.danger`).waitFor({ timeout: 60_000 });
  await waitFor(async () => !(await bannerVisible(page)), { message: '/book to be live' });
  assert.equal(await page.locator('button.large-text-toggle').getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: join(screenshots, 'book-large-text.png') }); // copied to docs/images/book-large-text.png
  await close(page);
});
