// Check-in codes on /book: every confirmed booking in the list gets a "check-in code" button that shows its QR code
// (drawn by the server, signed, valid until the session ends) with the card number to type instead, and a printable
// slip for a senior without a phone (staff at the desk print it: initial, session, time, QR code, card number).
// book.js re-renders the list on every change; this module adds its part to each rendering and keeps open codes open.
import { ready, t, nameOf } from './i18n.js';
import { getJson, problemSentence } from './api.js';
import { el } from './screen.js';

const strings = ready();
const open = new Map(); // bookingId → the code answer shown
const WithCode = new Set(['confirmed', 'checkedIn']);

const svgSource = answer => `data:image/svg+xml;base64,${btoa(answer.svg)}`;
const timeOf = (instant, options = {}) =>
  new Intl.DateTimeFormat(document.documentElement.lang, { month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai', ...options }).format(new Date(instant));

function panel(card, answer) {
  return el('div', { class: 'qr-panel', dataset: { qr: card.dataset.booking } }, [
    el('img', { class: 'qr-image', src: svgSource(answer), alt: t('bookQr.show'), width: '240', height: '240' }),
    el('p', { class: 'qr-hint', text: t('bookQr.hint', { card: answer.cardNumber ?? '—' }) }),
    el('button', { type: 'button', class: 'secondary', dataset: { key: `print-${card.dataset.booking}` }, text: t('bookQr.print'), onclick: () => print(answer) }),
  ]);
}

function print(answer) {
  const slip = document.getElementById('qr-slip') ?? document.body.appendChild(el('section', { id: 'qr-slip', class: 'qr-slip' }));
  slip.replaceChildren(
    el('h2', { text: t('bookQr.slipTitle') }),
    el('div', { class: 'slip-initial', text: answer.initial ?? '' }),
    el('div', { class: 'slip-title', text: nameOf(answer, 'title') }),
    el('div', { class: 'slip-time', text: answer.startsAt ? timeOf(answer.startsAt) : '' }),
    el('img', { class: 'slip-qr', src: svgSource(answer), alt: t('bookQr.show'), width: '320', height: '320' }),
    el('div', { class: 'slip-card', text: `${t('bookQr.card')} ${answer.cardNumber ?? '—'}` }),
    el('div', { class: 'slip-expires', text: t('bookQr.expires', { when: timeOf(answer.expiresAt) }) }),
  );
  document.body.dataset.printing = 'slip';
  addEventListener('afterprint', () => delete document.body.dataset.printing, { once: true });
  window.print();
}

async function toggle(card) {
  const id = card.dataset.booking;
  if (open.has(id)) {
    open.delete(id);
    card.querySelector('.qr-panel')?.remove();
    return;
  }
  const answer = await getJson(`/api/sessions/${encodeURIComponent(card.dataset.session)}/bookings/${encodeURIComponent(id)}/code`);
  if (!answer.ok) {
    card.append(el('p', { class: 'message', dataset: { kind: 'problem' }, text: problemSentence(answer.code) }));
    return;
  }
  open.set(id, answer.body);
  card.append(panel(card, answer.body));
}

function decorate(container) {
  for (const card of container.querySelectorAll('article.booking')) {
    if (card.querySelector('[data-qr-button]')) continue;
    const status = card.querySelector('[data-status]')?.dataset.status;
    if (!WithCode.has(status)) continue;
    card.append(el('div', {}, el('button', {
      type: 'button', class: 'secondary', dataset: { qrButton: '', key: `qr-${card.dataset.booking}` },
      'aria-expanded': String(open.has(card.dataset.booking)), text: t('bookQr.show'), onclick: () => toggle(card),
    })));
    const shown = open.get(card.dataset.booking);
    if (shown) card.append(panel(card, shown));
  }
}

// The acting member's membership code (canteen visits at the kiosk), below their bookings.
let memberId = null;
document.addEventListener('occupancy:acting-member', event => {
  const id = event.detail?.id ?? null;
  if (id === memberId) return;
  memberId = id;
  showMembership(id);
});

async function showMembership(id) {
  document.getElementById('membership-code')?.remove();
  if (!id) return;
  await strings;
  const answer = await getJson(`/api/members/${encodeURIComponent(id)}/code`);
  if (memberId !== id || !answer.ok) return;
  document.getElementById('membership-code')?.remove();
  const code = answer.body;
  document.getElementById('bookings-section')?.append(el('section', { id: 'membership-code', class: 'card', 'aria-labelledby': 'membership-title' }, [
    el('h3', { id: 'membership-title', text: t('bookQr.membership') }),
    el('details', {}, [
      el('summary', { text: t('bookQr.showMembership') }),
      el('img', { class: 'qr-image', src: svgSource(code), alt: t('bookQr.membership'), width: '240', height: '240' }),
    ]),
    el('p', { class: 'qr-hint', text: t('bookQr.membershipHint', { card: code.cardNumber ?? '—' }) }),
  ]));
}

strings.then(() => {
  const container = document.getElementById('bookings');
  if (!container) return;
  new MutationObserver(() => decorate(container)).observe(container, { childList: true });
  decorate(container);
});
