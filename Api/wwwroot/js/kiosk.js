// The entrance kiosk /kiosk/{siteId}[?canteen=…]: a tablet signed in as the site's device. It reads QR codes with the
// camera (jsQR, vendored), or a card number and PIN typed on the pad, sends each scan once (an Idempotency-Key per
// scan) and answers with a full-screen sentence and a sound, showing only the member's name initial. While the Api is
// away, scans wait in kiosk-queue.js with the time they were made, and go when it is back.
import { ready, t, apply, mountLanguageSwitch } from './i18n.js';
import { current, onChange, signInDevice, accessToken, tokenRefused } from './session.js';
import { idFromPath, el } from './screen.js';
import * as queue from './kiosk-queue.js';

const siteId = idFromPath('/kiosk/');
const canteenId = new URLSearchParams(location.search).get('canteen') || null;
const $ = id => document.getElementById(id);
const CodePrefix = 'OC1.';
const AnswerMs = 4000;
const SameCodeMs = 3000;

const Tone = {
  checkedIn: 'ok', alreadyCheckedIn: 'ok', visitRecorded: 'ok', alreadyCounted: 'ok',
  queued: 'wait',
};

// ---------- answers: a sentence, the initial, a sound ----------

let audio = null;
function beep(good) {
  try {
    audio ??= new AudioContext();
    const notes = good ? [880, 1320] : [220, 180];
    notes.forEach((frequency, i) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      oscillator.type = good ? 'sine' : 'square';
      gain.gain.value = 0.2;
      oscillator.connect(gain).connect(audio.destination);
      const at = audio.currentTime + i * 0.18;
      oscillator.start(at);
      oscillator.stop(at + 0.15);
    });
  } catch { /* no audio on this device: the sentence still shows */ }
}

let answerTimer = null;
function say(outcome, { initial = null, detail = '' } = {}) {
  const tone = Tone[outcome] ?? 'no';
  const answer = $('answer');
  answer.dataset.tone = tone;
  answer.dataset.outcome = outcome;
  $('answer-initial').textContent = initial ?? '';
  $('answer-sentence').textContent = t(`kiosk.outcome.${outcome}`);
  $('answer-detail').textContent = detail;
  answer.hidden = false;
  beep(tone === 'ok');
  clearTimeout(answerTimer);
  answerTimer = setTimeout(() => { answer.hidden = true; }, AnswerMs);
}

function detailOf(body) {
  if (!body) return '';
  const title = document.documentElement.lang === 'en' && body.titleEn ? body.titleEn : body.title;
  if (title && body.startsAt) {
    const time = new Intl.DateTimeFormat(document.documentElement.lang, { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }).format(new Date(body.startsAt));
    return `${title} · ${time}`;
  }
  return body.meal ? t(`meal.${body.meal}`) : '';
}

// ---------- sending: once per scan, queued while the Api is away ----------

/** { status, body } of one attempt; status 0 when the Api could not be reached. */
async function send(scan) {
  const token = accessToken();
  try {
    const response = await fetch(`/api/sites/${encodeURIComponent(scan.siteId)}/scans`, {
      method: 'POST',
      headers: {
        Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': scan.key,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(scan.body),
      cache: 'no-store',
      credentials: 'omit',
    });
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (response.status === 401 && token) tokenRefused(token);
    return { status: response.status, body };
  } catch {
    return { status: 0, body: null };
  }
}

/** The Api's answer was not heard (unreachable, or outcome unknown): keep the scan and send it again later. */
const unheard = status => status === 0 || status === 502 || status === 503 || status === 504
  || status === 409; // request-in-progress: the first attempt is still running

function tell(answer) {
  if (answer.status >= 200 && answer.status < 300 && answer.body?.outcome) {
    say(answer.body.outcome, { initial: answer.body.initial ?? null, detail: detailOf(answer.body) });
  } else if (answer.body?.errors?.scannedAt) {
    say('stale');
  } else if (answer.body?.errors?.code) {
    say('notOurCode');
  } else {
    say('problem', { detail: answer.body?.code ?? `HTTP ${answer.status}` });
  }
}

async function scan(body) {
  const item = queue.newScan(siteId, { ...body, ...(canteenId ? { canteenId } : {}) });
  if (queue.pending(siteId).length > 0) {
    // Others wait already: keep the order, and say so.
    queue.enqueue(item);
    say('queued');
    showQueue();
    flush();
    return;
  }
  const answer = await send(item);
  if (unheard(answer.status)) {
    queue.enqueue(item);
    say('queued');
    showQueue();
    return;
  }
  tell(answer);
}

let flushing = false;
async function flush() {
  if (flushing || !current()) return;
  flushing = true;
  try {
    const dropped = queue.dropStale();
    if (dropped > 0) say('stale');
    for (const item of queue.pending(siteId)) {
      const answer = await send(item);
      if (unheard(answer.status)) break;
      queue.remove(item.key);
      tell(answer);
      await new Promise(r => setTimeout(r, 1500)); // each answer readable before the next
    }
  } finally {
    flushing = false;
    showQueue();
  }
}

function showQueue() {
  const waiting = queue.pending(siteId).length;
  const status = $('queue-status');
  status.hidden = waiting === 0;
  status.textContent = t('kiosk.queueWaiting', { count: waiting });
  document.body.dataset.queued = String(waiting);
}

// ---------- camera ----------

let lastCode = null;
let lastCodeAt = 0;

async function startCamera() {
  const video = $('camera');
  if (!navigator.mediaDevices?.getUserMedia) {
    $('camera-note').textContent = t('kiosk.noCamera');
    video.hidden = true;
    return;
  }
  try {
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    await video.play().catch(() => {});
  } catch {
    $('camera-note').textContent = t('kiosk.noCamera');
    video.hidden = true;
    return;
  }
  const canvas = $('frame');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  setInterval(() => {
    if (!video.videoWidth) return;
    const width = Math.min(640, video.videoWidth);
    const height = Math.round(video.videoHeight * width / video.videoWidth);
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    const found = globalThis.jsQR?.(context.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'dontInvert' });
    if (!found?.data) return;
    const now = Date.now();
    // A code held still in front of the camera is read once: again only after it has been out of view a while.
    const seenJustNow = found.data === lastCode && now - lastCodeAt < SameCodeMs;
    if (found.data === lastCode) lastCodeAt = now;
    if (seenJustNow || !$('answer').hidden) return;
    lastCode = found.data;
    lastCodeAt = now;
    if (!found.data.startsWith(CodePrefix)) { say('notOurCode'); return; }
    scan({ code: found.data });
  }, 250);
}

// ---------- number pad: card number, then PIN ----------

const pad = { stage: 'card', card: '', pin: '' };

function showPad() {
  $('pad-prompt').textContent = t(pad.stage === 'card' ? 'kiosk.typeCard' : 'kiosk.typePin');
  $('pad-display').textContent = pad.stage === 'card' ? pad.card : '•'.repeat(pad.pin.length);
}

function press(key) {
  if (key === 'clear') {
    if (pad.stage === 'pin' && pad.pin === '') pad.stage = 'card';
    else if (pad.stage === 'pin') pad.pin = '';
    else pad.card = '';
  } else if (key === 'ok') {
    if (pad.stage === 'card' && pad.card.length === 8) pad.stage = 'pin';
    else if (pad.stage === 'pin' && pad.pin.length >= 4) {
      const body = { cardNumber: pad.card, pin: pad.pin };
      Object.assign(pad, { stage: 'card', card: '', pin: '' });
      scan(body);
    }
  } else if (pad.stage === 'card' && pad.card.length < 8) pad.card += key;
  else if (pad.stage === 'pin' && pad.pin.length < 8) pad.pin += key;
  showPad();
}

function mountPad() {
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'ok'];
  $('pad-keys').replaceChildren(...keys.map(key => el('button', {
    type: 'button',
    class: key === 'ok' ? 'pad-ok' : key === 'clear' ? 'pad-clear' : '',
    dataset: { key },
    text: key === 'ok' ? t('kiosk.ok') : key === 'clear' ? t('kiosk.clear') : key,
    onclick: () => press(key),
  })));
  showPad();
}

// ---------- sign-in as the site's device ----------

const isThisKiosk = session => session?.role === 'device' && (session.sites ?? []).includes(siteId);

function showSignIn() {
  $('kiosk').hidden = true;
  $('signin').hidden = false;
}

let started = false;
function showKiosk() {
  $('signin').hidden = true;
  $('kiosk').hidden = false;
  if (started) return;
  started = true;
  mountPad();
  startCamera();
  showQueue();
  flush();
  setInterval(flush, 5000);
  addEventListener('online', flush);
}

async function main() {
  await ready();
  apply();
  document.title = t('kiosk.title');
  mountLanguageSwitch($('lang-switch'));
  $('place').textContent = canteenId ? t('kiosk.atCanteen', { site: siteId, canteen: canteenId }) : t('kiosk.atSite', { site: siteId });
  $('signin-form').addEventListener('submit', async event => {
    event.preventDefault();
    $('signin-error').textContent = '';
    const answer = await signInDevice($('device-id').value.trim(), $('device-secret').value, body =>
      body.role === 'device' && (body.sites ?? []).includes(siteId) ? null : t('kiosk.notThisSite'));
    if (!answer.ok) $('signin-error').textContent = answer.refusal ?? t('kiosk.signinFailed');
  });
  onChange(session => (isThisKiosk(session) ? showKiosk() : showSignIn()));
  if (isThisKiosk(current())) showKiosk(); else showSignIn();
}

main();
