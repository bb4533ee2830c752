// The entrance kiosk in a real browser against the whole running system. One Chromium gets a fake camera that films
// a real booking code: a .y4m video made at test time from the QR code the Api draws (its PNG, turned into pixels by a
// plain page's canvas, written as 4:2:0 frames by the tiny writer below); signed in as the site's device, the kiosk
// reads the code and the booking is checked in. Another kiosk goes offline, takes a card and PIN on its pad (queued,
// with the time it was made), comes back and sends it once; the server honours it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { System, launchBrowser, screenshots, root, waitFor } from './system.mjs';

const SiteId = 'webkiosk';
const GymId = 'webkiosk-gym';
const CanteenId = 'webkiosk-canteen';
const Width = 640;
const Height = 480;

let system;
let plain;
let cameraBrowser;
const temp = mkdtempSync(join(tmpdir(), 'occupancy-kiosk-'));
const images = join(root, 'docs/images');

before(async () => {
  system = await new System().start();
  plain = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await cameraBrowser?.close().catch(() => {});
  await plain?.close().catch(() => {});
  await system?.stop();
  rmSync(temp, { recursive: true, force: true });
});

/** The site, a gym, a canteen, the site's kiosk device; answers the device's id and secret. */
async function scene() {
  await system.must('PUT', `/api/sites/${SiteId}`, { name: '滨江社区嵌入式服务综合体', nameEn: 'Binjiang Community Service Complex', timeZone: 'Asia/Shanghai' });
  const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(day => [day, [['00:00', '24:00']]]));
  await system.must('PUT', `/api/facilities/${GymId}`, { siteId: SiteId, kind: 'gym', name: '百姓健身房', capacity: 40, openingHours: allDay });
  await system.must('PUT', `/api/canteens/${CanteenId}`, { siteId: SiteId, name: '滨江社区食堂', mealHours: [{ meal: 'lunch', from: '00:00', to: '24:00' }], tables: [{ id: 't01', seats: 4 }] });
  const device = await system.request('POST', '/api/admin/devices', { name: '入口签到机', siteId: SiteId });
  assert.equal(device.status, 201, device.text);
  return device.body;
}

/** A member with a card and PIN and a confirmed seat in a class starting in 10 minutes. */
async function memberWithBooking(id, name) {
  await system.must('PUT', `/api/members/${id}`, { name, phone: '13800000077', homeSiteId: SiteId, ageGroup: 'senior', resident: true });
  const card = await system.must('PUT', `/api/members/${id}/pin`, { pin: '2468' });
  const now = Date.now();
  const session = `${id}-taiji`;
  await system.must('PUT', `/api/sessions/${session}`, {
    siteId: SiteId, facilityId: GymId, title: '太极拳', titleEn: 'Tai chi', category: 'class',
    startsAt: new Date(now + 10 * 60_000), endsAt: new Date(now + 70 * 60_000), capacity: 10, waitlistCapacity: 0,
    bookingOpensAt: new Date(now - 86_400_000), bookingClosesAt: new Date(now + 9 * 60_000), cancelFreeUntil: new Date(now + 8 * 60_000),
    eligibility: { ageGroups: ['senior', 'adult'] },
  });
  const booked = await system.request('POST', `/api/sessions/${session}/bookings`, { memberId: id });
  assert.equal(booked.status, 201, booked.text);
  return { session, booking: booked.body.bookingId, card: card.cardNumber };
}

/** The QR code's PNG as luma (Y) samples of a Width × Height frame, the code centred on white. */
async function lumaOf(pngBase64) {
  const page = await plain.newPage();
  try {
    return Buffer.from(await page.evaluate(async ({ src, width, height }) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      const side = Math.min(width, height) - 40;
      context.imageSmoothingEnabled = false;
      context.drawImage(image, (width - side) / 2, (height - side) / 2, side, side);
      const rgba = context.getImageData(0, 0, width, height).data;
      const y = new Array(width * height);
      for (let i = 0; i < y.length; i++) y[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
      return y;
    }, { src: `data:image/png;base64,${pngBase64}`, width: Width, height: Height }));
  } finally {
    await page.close();
  }
}

/** A tiny YUV4MPEG2 writer: a few identical 4:2:0 frames, grey chroma (Chromium loops the file). */
function writeY4m(path, luma, frames = 5) {
  const chroma = Buffer.alloc((Width / 2) * (Height / 2), 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${Width} H${Height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), luma, chroma, chroma);
  writeFileSync(path, Buffer.concat(parts));
}

async function signInKiosk(page, device, query = '') {
  await page.goto(system.url(`/kiosk/${SiteId}${query}`));
  await page.fill('#device-id', device.deviceId);
  await page.fill('#device-secret', device.secret);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#kiosk:not([hidden])', { timeout: 30_000 });
}

async function typeOnPad(page, digits) {
  for (const digit of digits) await page.click(`#pad-keys [data-key="${digit}"]`);
  await page.click('#pad-keys [data-key="ok"]');
}

function keep(page, name) {
  mkdirSync(images, { recursive: true });
  const file = join(screenshots, `${name}.png`);
  return page.screenshot({ path: file }).then(() => copyFileSync(file, join(images, `${name}.png`)));
}

const bookingStatus = async (session, booking) => (await system.request('GET', `/api/sessions/${session}/bookings/${booking}`)).body?.status;

test('kiosk: the camera reads a booking code and the booking is checked in; a wrong PIN is refused', { timeout: 180_000 }, async () => {
  const device = await scene();
  const seat = await memberWithBooking('webkiosk-yang', '杨根有');
  const code = await system.must('GET', `/api/sessions/${seat.session}/bookings/${seat.booking}/code`);
  const video = join(temp, 'booking-code.y4m');
  writeY4m(video, await lumaOf(code.png));

  cameraBrowser = await launchBrowser({ args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`] });
  const context = await cameraBrowser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInKiosk(page, device);

  await page.waitForSelector('#answer:not([hidden])[data-outcome="checkedIn"]', { timeout: 60_000 });
  assert.equal(await page.textContent('#answer-initial'), '杨');
  assert.equal(await page.textContent('#answer-sentence'), '签到成功');
  assert.ok(!(await page.textContent('#answer')).includes('根有'), 'only the initial is shown');
  await keep(page, 'kiosk-success');
  await waitFor(async () => (await bookingStatus(seat.session, seat.booking)) === 'checkedIn', { message: 'the booking to be checked in' });

  // A wrong PIN on the pad: a refusal, in red, with its sentence.
  await page.waitForSelector('#answer', { state: 'hidden', timeout: 30_000 });
  await typeOnPad(page, seat.card);
  await typeOnPad(page, '9999');
  await page.waitForSelector('#answer:not([hidden])[data-outcome="wrongPin"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('#answer', 'data-tone'), 'no');
  await keep(page, 'kiosk-refusal');
  await context.close();
});

test('kiosk: offline, a card and PIN are queued with the time they were made and sent once when the Api is back', { timeout: 180_000 }, async () => {
  const device = (await system.request('POST', '/api/admin/devices', { name: '食堂签到机', siteId: SiteId })).body;
  const seat = await memberWithBooking('webkiosk-sun', '孙桂兰');
  const context = await plain.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const answered = [];
  page.on('response', response => { if (response.url().endsWith(`/api/sites/${SiteId}/scans`)) answered.push(response.status()); });
  await signInKiosk(page, device);

  await context.setOffline(true);
  await typeOnPad(page, seat.card);
  await typeOnPad(page, '2468');
  await page.waitForSelector('#answer:not([hidden])[data-outcome="queued"]', { timeout: 30_000 });
  await page.waitForSelector('#queue-status:not([hidden])', { timeout: 10_000 });
  const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('occupancy.kiosk.queue')));
  assert.equal(queued.length, 1);
  assert.ok(Date.now() - Date.parse(queued[0].body.scannedAt) < 60_000, 'the scan carries the time it was made');
  await page.waitForSelector('#answer', { state: 'hidden', timeout: 30_000 });
  await keep(page, 'kiosk-offline');
  assert.equal(await bookingStatus(seat.session, seat.booking), 'confirmed', 'nothing reached the Api while offline');

  await context.setOffline(false);
  await page.waitForSelector('#answer:not([hidden])[data-outcome="checkedIn"]', { timeout: 60_000 });
  assert.equal(await page.textContent('#answer-initial'), '孙');
  await page.waitForSelector('#queue-status', { state: 'hidden', timeout: 30_000 });
  assert.equal(await bookingStatus(seat.session, seat.booking), 'checkedIn');
  assert.deepEqual(answered, [200], 'the queued scan was sent once');
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('occupancy.kiosk.queue'))), []);
  await context.close();
});

test('/book: a confirmed booking shows its check-in code and the card number to type; the member has a membership code', { timeout: 120_000 }, async () => {
  const seat = await memberWithBooking('webkiosk-zhou', '周德明');
  const context = await plain.newContext({ viewport: { width: 480, height: 1100 } });
  const page = await context.newPage();
  await page.goto(system.url('/book'));
  await page.fill('#resident-signin input[id^="card-number"]', seat.card);
  await page.fill('#resident-signin input[id^="pin"]', '2468');
  await page.press('#resident-signin input[id^="pin"]', 'Enter');
  const button = `article.booking[data-booking="${seat.booking}"] [data-qr-button]`;
  await page.waitForSelector(button, { timeout: 60_000 });
  await page.click(button);
  await page.waitForSelector(`article.booking[data-booking="${seat.booking}"] .qr-panel img.qr-image`, { timeout: 30_000 });
  assert.ok((await page.textContent(`article.booking[data-booking="${seat.booking}"] .qr-panel`)).includes(seat.card), 'the card number is shown');
  await page.waitForSelector('#membership-code', { timeout: 30_000 });
  assert.ok((await page.textContent('#membership-code')).includes(seat.card), 'the membership code names the card number too');
  const card = await page.$(`article.booking[data-booking="${seat.booking}"]`);
  await card.scrollIntoViewIfNeeded();
  mkdirSync(images, { recursive: true });
  await card.screenshot({ path: join(screenshots, 'book-qr.png') });
  copyFileSync(join(screenshots, 'book-qr.png'), join(images, 'book-qr.png'));
  await context.close();
});
