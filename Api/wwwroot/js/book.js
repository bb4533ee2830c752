// Resident booking /book: choose a site, see this week's sessions live, book, cancel, follow one's own bookings.
// Residents sign in with their card number and PIN and book for themselves and the members who list them as family;
// staff (signed in as staff) act for a member found by member number or phone. The sessions are public.
import { ready, t, nameOf, apply, mountLanguageSwitch } from './i18n.js';
import { live, backoff } from './live.js';
import { getJson, postIdempotent, deleteIdempotent, problemSentence } from './api.js';
import { current, onChange, isStaff, isAdmin } from './session.js';
import { signInForm, demoPanel, whoIsSignedIn, expiredNote } from './signin.js';
import { localDate, localTime, addDays, dayLabel, when, DefaultTimeZone } from './format.js';
import { staleBanner, el } from './screen.js';

await ready();
apply();
document.title = t('book.title');
mountLanguageSwitch(document.getElementById('lang-switch'));

const $ = id => document.getElementById(id);
const SiteKey = 'occupancy.siteId';
const ActiveStatuses = new Set(['confirmed', 'waitlisted']);
const connection = live();

const state = {
  sites: [],
  site: null,
  timeZone: DefaultTimeZone,
  today: localDate(new Date(), DefaultTimeZone),
  day: null,
  sessions: new Map(),       // id → latest snapshot
  sessionOrder: [],          // ids by startsAt
  sessionTopicsRefused: false,
  session: null,             // who is signed in on this tab (session.js)
  me: null,                  // the signed-in resident's profile
  family: [],                // members the resident may book for
  acting: null,              // the member bookings are made for and shown of
  staffMember: null,         // the member staff act for
  bookings: [],
  bookingsHidden: false,     // the acting member's bookings are not this tab's to see (staff of another site)
  memberTopic: null,
  memberPoll: null,
  pendingCancel: null,
  busy: new Set(),           // session ids / booking ids with a request under way
  notes: new Map(),          // session or booking id → { kind, text }: the outcome shown where the button was pressed
};
const unwatchers = new Map(); // topic → unwatch function

const banner = staleBanner();
document.querySelector('.page-head').after(banner);

// ---------- who is signed in, and for whom they book ----------

const FamilyKey = memberId => `occupancy.family.${memberId}`;

/** The member the page books for: the resident, a family member the resident chose, or the member staff act for. */
function actingMember() {
  return state.acting;
}

/**
 * A member as this tab may see them: { member }, { refused } (403: not theirs; 404; a malformed id) or { problem }.
 * A resident may book for a member who lists them as family without reading that member's full profile: then the
 * member's bookings answering is what says the member is theirs.
 */
async function loadMember(id, { orBookings = false } = {}) {
  const answer = await getJson(`/api/members/${encodeURIComponent(id)}`);
  if (answer.ok && answer.body) return { member: answer.body };
  if (answer.status === 403 && orBookings) {
    const bookings = await getJson(`/api/members/${encodeURIComponent(id)}/bookings`);
    if (bookings.ok) return { member: { id } };
  }
  if (answer.status === 403 || answer.status === 404 || answer.code === 'invalid-id') return { refused: answer.status };
  return { member: null, problem: problemSentence(answer.code) };
}

function rememberedFamily(memberId) {
  try { return JSON.parse(sessionStorage.getItem(FamilyKey(memberId)) ?? '[]').filter(id => typeof id === 'string'); } catch { return []; }
}

function rememberFamily() {
  if (!state.me) return;
  try { sessionStorage.setItem(FamilyKey(state.me.id), JSON.stringify(state.family.map(m => m.id))); } catch { /* this page only */ }
}

/**
 * The members a resident may book for besides themself: those the Api names on the profile (familyOf), and those
 * the resident added on this tab and the Api then answered for (a member whose profile lists the resident).
 */
async function loadFamily(profile) {
  const named = (Array.isArray(profile.familyOf) ? profile.familyOf : []).map(m => (typeof m === 'string' ? m : m?.id)).filter(Boolean);
  const ids = [...new Set([...named, ...rememberedFamily(profile.id)])].filter(id => id !== profile.id);
  const found = await Promise.all(ids.map(id => loadMember(id, { orBookings: true })));
  return found.map(f => f.member).filter(Boolean);
}

async function sessionChanged(session, reason) {
  if (reason === 'renewed') return;
  if (reason !== 'start') connection.restart();
  state.session = session;
  state.me = null;
  state.family = [];
  state.acting = null;
  state.staffMember = null;
  $('signin-note').replaceChildren(reason === 'expired' ? expiredNote() : '');
  if (session?.role === 'resident' && session.memberId) {
    const { member } = await loadMember(session.memberId);
    if (state.session !== session) return;
    state.me = member ?? { id: session.memberId, name: session.name };
    state.family = member ? await loadFamily(member) : [];
    if (state.session !== session) return;
    state.acting = state.me;
  }
  say('', '');
  renderAccount();
  memberChanged();
  // On signing in, the member's home site (or the staff's first) unless the address named a site.
  if (state.site == null || new URLSearchParams(location.search).has('site')) return;
  const home = state.me?.homeSiteId ?? (isStaff(session) && !isAdmin(session) ? session.sites?.[0] : null);
  if (home && home !== state.site?.id && state.sites.some(s => s.id === home)) chooseSite(home);
}

function renderAccount() {
  const session = state.session;
  const signedIn = Boolean(session);
  $('signin-section').hidden = signedIn;
  $('demo').hidden = signedIn;
  $('account-section').hidden = !signedIn;
  $('resident-tools').hidden = session?.role !== 'resident';
  $('desk').hidden = !isStaff(session);
  $('who-slot').replaceChildren(signedIn ? whoIsSignedIn(session) : '');
  $('for-whom').parentElement.hidden = !(session?.role === 'resident' && state.family.length > 0);
  if (session?.role === 'resident' && state.me) {
    const choices = [state.me, ...state.family];
    $('for-whom').replaceChildren(...choices.map(m => el('button', {
      type: 'button', class: 'secondary', 'aria-pressed': String(state.acting?.id === m.id), dataset: { member: m.id },
      text: m.id === state.me.id ? t('book.self', { name: m.name ?? m.id }) : t('book.memberOption', { name: m.name ?? m.id, id: m.id }),
      onclick: () => { state.acting = m; say('', ''); renderAccount(); memberChanged(); },
    })));
  }
  renderMember();
}

function renderMember() {
  const acting = actingMember();
  $('bookings-title').textContent = acting && acting.id !== state.me?.id
    ? t('book.memberBookings', { name: acting.name ?? acting.id })
    : t('book.myBookings');
  if (state.staffMember) {
    const m = state.staffMember;
    const lines = [
      t('book.staffFor', { name: m.name ?? m.id, id: m.id }),
      m.ageGroup ? t('book.staffMemberInfo', { ageGroup: t(`book.ageGroup.${m.ageGroup}`), noShows: m.noShows ?? 0 }) : null,
      m.blockedUntil ? t('book.staffBlockedUntil', { date: String(m.blockedUntil).slice(0, 10) }) : null,
    ].filter(Boolean);
    $('staff-member').replaceChildren(...lines.map(line => el('div', { text: line })));
  } else {
    $('staff-member').replaceChildren();
  }
}

$('family-form').addEventListener('submit', async event => {
  event.preventDefault();
  const id = $('family-input').value.trim().toLowerCase();
  if (!id || !state.me) return;
  if (id === state.me.id) { $('family-input').value = ''; return; }
  const found = await loadMember(id, { orBookings: true });
  if (!found.member) {
    say('problem', found.refused ? t('book.familyNotYours', { id }) : found.problem);
    $('family-input').focus();
    return;
  }
  if (!state.family.some(m => m.id === found.member.id)) state.family.push(found.member);
  rememberFamily();
  state.acting = found.member;
  $('family-input').value = '';
  say('', '');
  renderAccount();
  memberChanged();
});

$('staff-form').addEventListener('submit', async event => {
  event.preventDefault();
  const query = $('staff-input').value.trim().toLowerCase();
  if (!query) return;
  const byPhone = /^\+?\d{6,15}$/.test(query);
  const answer = byPhone
    ? await getJson(`/api/members?phone=${encodeURIComponent(query)}`)
    : await getJson(`/api/members/${encodeURIComponent(query)}`);
  const found = answer.ok ? (Array.isArray(answer.body) ? answer.body : [answer.body]).filter(Boolean) : [];
  if (found.length === 0) {
    state.staffMember = null;
    state.acting = null;
    say('problem', answer.status === 403 ? t('book.staffNotYours', { id: query })
      : answer.ok || answer.status === 404 ? t('book.memberNotFound') : problemSentence(answer.code));
  } else if (found.length === 1) {
    actFor(found[0]);
    return;
  } else {
    // One phone, several members (a family): staff choose whom they act for.
    state.staffMember = null;
    state.acting = null;
    say('', '');
    $('staff-member').replaceChildren(
      el('div', { text: t('book.staffChoose') }),
      el('div', { class: 'row' }, found.map(m => el('button', {
        type: 'button', class: 'secondary', text: t('book.memberOption', { name: m.name ?? m.id, id: m.id }), onclick: () => actFor(m),
      }))),
    );
    memberChanged();
    return;
  }
  renderMember();
  memberChanged();
});

function actFor(member) {
  state.staffMember = member;
  state.acting = member;
  say('', '');
  renderMember();
  memberChanged();
}

/** The sign-in forms: residents first (card number + PIN); staff behind a fold; demo identities on loopback. */
async function mountSignIn() {
  $('resident-signin').replaceChildren(signInForm('resident'));
  $('staff-signin-form').replaceChildren(signInForm('staff'));
  const demo = await demoPanel({ only: identity => ['resident', 'staff', 'admin'].includes(identity.role) });
  if (demo) $('demo').replaceChildren(demo);
}

// ---------- the member's bookings, live ----------

function memberChanged() {
  const member = actingMember();
  document.dispatchEvent(new CustomEvent('occupancy:acting-member', { detail: member })); // book-notices.js
  const topic = member ? `member:${member.id}` : null;
  if (topic === state.memberTopic) { renderBookings(); renderSessions(); return; }
  if (state.memberTopic) unwatchers.get(state.memberTopic)?.();
  unwatchers.delete(state.memberTopic);
  clearInterval(state.memberPoll);
  state.memberPoll = null;
  state.memberTopic = topic;
  state.bookings = [];
  state.bookingsHidden = false;
  state.pendingCancel = null;
  if (topic) {
    unwatchers.set(topic, connection.watch(topic, snapshot => {
      if (state.memberTopic !== topic) return;
      state.bookings = snapshot.bookings ?? [];
      renderBookings();
      renderSessions();
    }, () => {
      // The hub will not serve this member's topic here: read the list over REST instead (unless it is not ours).
      if (state.bookingsHidden || state.memberTopic !== topic) return;
      refreshBookings();
      state.memberPoll ??= setInterval(refreshBookings, 5000);
    }));
  }
  refreshBookings();
  renderBookings();
  renderSessions();
}

async function refreshBookings() {
  const member = actingMember();
  if (!member) return;
  const answer = await getJson(`/api/members/${encodeURIComponent(member.id)}/bookings`);
  if (actingMember()?.id !== member.id) return;
  if (answer.status === 403) {
    // Staff of another site may book this member at their site, but the member's bookings are not theirs to see.
    state.bookingsHidden = true;
    clearInterval(state.memberPoll);
    state.memberPoll = null;
    renderBookings();
    return;
  }
  if (!answer.ok) return;
  const list = Array.isArray(answer.body) ? answer.body : answer.body?.bookings ?? [];
  // Once the live topic has spoken it is the list (by version); REST fills in before that or without it.
  if (state.memberTopic && connection.snapshot(state.memberTopic) && !state.memberPoll) return;
  state.bookings = list;
  renderBookings();
  renderSessions();
}

/** Why there is no member to book for: nobody signed in, or staff who have not found the member yet. */
function noMemberSentence() {
  return state.session ? t('book.deskNeedMember') : t('book.signInFirst');
}

function bookingFor(sessionId) {
  return state.bookings.find(b => b.sessionId === sessionId && ActiveStatuses.has(b.status)) ?? null;
}

function renderBookings() {
  const member = actingMember();
  const container = $('bookings');
  const focused = document.activeElement?.dataset?.key;
  if (!member) {
    container.replaceChildren(el('p', { class: 'muted', text: noMemberSentence() }));
    return;
  }
  if (state.bookingsHidden) {
    container.replaceChildren(el('p', { class: 'muted', text: t('book.bookingsNotYours') }));
    return;
  }
  if (state.bookings.length === 0) {
    container.replaceChildren(el('p', { class: 'muted', text: t('book.noBookings') }));
    return;
  }
  const stale = state.memberTopic && connection.isStale(state.memberTopic) && !state.memberPoll;
  container.dataset.stale = String(Boolean(stale));
  container.replaceChildren(...state.bookings.map(booking => {
    const session = state.sessions.get(booking.sessionId);
    const title = booking.title ?? (session ? nameOf(session, 'title') : booking.sessionId);
    const statusText = booking.status === 'waitlisted' && booking.waitlistPosition
      ? t('book.waitlistedAt', { position: booking.waitlistPosition })
      : t(`status.${booking.status}`);
    const cancellable = ActiveStatuses.has(booking.status) && (!booking.startsAt || new Date(booking.startsAt) > new Date());
    const confirming = state.pendingCancel === booking.bookingId;
    const late = session?.cancelFreeUntil && new Date(session.cancelFreeUntil) < new Date();
    return el('article', { class: 'card booking', dataset: { booking: booking.bookingId, session: booking.sessionId } }, [
      el('h3', { text: title }),
      booking.startsAt ? el('div', { text: when(booking.startsAt, state.timeZone, state.today) }) : null,
      el('div', { class: 'status live-number', tabindex: '-1', dataset: { status: booking.status, key: `status-${booking.bookingId}` }, text: statusText }),
      cancellable && !confirming ? el('div', {}, el('button', {
        type: 'button', class: 'danger', dataset: { key: `cancel-${booking.bookingId}` },
        'aria-disabled': state.busy.has(booking.bookingId) ? 'true' : undefined,
        text: state.busy.has(booking.bookingId) ? t('book.cancelling') : t('book.cancel'),
        onclick: () => {
          if (state.busy.has(booking.bookingId)) return;
          state.pendingCancel = booking.bookingId; renderBookings(); document.querySelector(`[data-key="no-${booking.bookingId}"]`)?.focus();
        },
      })) : null,
      cancellable && confirming ? el('div', { class: 'confirm-box', role: 'group', 'aria-label': t('book.cancelConfirm', { title }) }, [
        el('strong', { text: t('book.cancelConfirm', { title }) }),
        late ? el('span', { text: t('book.cancelLate') }) : null,
        el('div', { class: 'row' }, [
          el('button', { type: 'button', class: 'danger solid', dataset: { key: `yes-${booking.bookingId}` }, text: t('book.cancelYes'), onclick: () => cancel(booking, title) }),
          el('button', { type: 'button', class: 'secondary', dataset: { key: `no-${booking.bookingId}` }, text: t('book.cancelNo'), onclick: () => { state.pendingCancel = null; renderBookings(); } }),
        ]),
      ]) : null,
      note(booking.bookingId),
    ]);
  }));
  // From the confirmation back to its cancel button; once the booking is cancelled, to its status.
  if (focused) keepFocus(container, focused.replace(/^(yes|no)-/, 'cancel-'), focused.replace(/^(yes|no|cancel)-/, 'status-'));
}

async function cancel(booking, title) {
  state.pendingCancel = null;
  state.busy.add(booking.bookingId);
  renderBookings();
  say('info', t('book.cancelling'));
  const answer = await deleteIdempotent(
    `/api/sessions/${encodeURIComponent(booking.sessionId)}/bookings/${encodeURIComponent(booking.bookingId)}`,
    { onRetry: () => say('info', t('book.retrying')) });
  state.busy.delete(booking.bookingId);
  if (answer.ok) say('ok', answer.body?.late ? t('book.cancelledLate', { title }) : t('book.cancelledOk', { title }), booking.bookingId);
  else say('problem', problemSentence(answer.code), booking.bookingId);
  await refreshBookings();
  renderBookings();
  renderSessions();
}

// ---------- sites and sessions ----------

async function loadSites() {
  for (let attempt = 0; ; attempt++) {
    const answer = await getJson('/api/sites');
    if (answer.ok && Array.isArray(answer.body)) return answer.body;
    say('problem', t('book.loadFailed'));
    await new Promise(r => setTimeout(r, backoff(attempt)));
  }
}

async function chooseSite(siteId) {
  state.site = state.sites.find(s => s.id === siteId) ?? state.sites[0] ?? null;
  if (!state.site) return;
  try { localStorage.setItem(SiteKey, state.site.id); } catch { /* kiosk */ }
  $('site-select').value = state.site.id;
  state.timeZone = state.site.timeZone || DefaultTimeZone;
  state.today = localDate(new Date(), state.timeZone);
  if (!state.day || state.day < state.today || state.day > addDays(state.today, 6)) state.day = state.today;
  renderDays();
  for (const [topic, unwatch] of unwatchers) if (topic.startsWith('session:')) { unwatch(); unwatchers.delete(topic); }
  state.sessions.clear();
  state.sessionOrder = [];
  state.sessionTopicsRefused = false;
  $('sessions').replaceChildren(el('p', { class: 'muted', text: t('book.loadingSessions') }));
  await loadSessions();
}

async function loadSessions() {
  const site = state.site;
  const from = state.today;
  const to = addDays(state.today, 6);
  for (let attempt = 0; ; attempt++) {
    const answer = await getJson(`/api/sessions?siteId=${encodeURIComponent(site.id)}&from=${from}&to=${to}`);
    if (state.site !== site) return;
    if (answer.ok && Array.isArray(answer.body)) {
      setSessions(answer.body);
      return;
    }
    $('sessions').replaceChildren(el('p', { class: 'message', dataset: { kind: 'problem' }, text: t('book.loadFailed') }));
    await new Promise(r => setTimeout(r, backoff(attempt)));
  }
}

function setSessions(list) {
  const ids = new Set(list.map(s => s.id));
  for (const [topic, unwatch] of unwatchers) {
    if (topic.startsWith('session:') && !ids.has(topic.slice(8))) { unwatch(); unwatchers.delete(topic); }
  }
  for (const session of list) {
    const known = state.sessions.get(session.id);
    if (!known || (session.version ?? 0) > (known.version ?? 0)) state.sessions.set(session.id, session);
  }
  for (const id of [...state.sessions.keys()]) if (!ids.has(id)) state.sessions.delete(id);
  state.sessionOrder = [...state.sessions.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map(s => s.id);
  for (const session of list.slice(0, 190)) {
    const topic = `session:${session.id}`;
    if (unwatchers.has(topic)) continue;
    unwatchers.set(topic, connection.watch(topic, snapshot => {
      state.sessions.set(snapshot.id ?? session.id, snapshot);
      updateSessionCard(snapshot.id ?? session.id);
    }, () => { state.sessionTopicsRefused = true; }));
  }
  renderSessions();
}

function renderDays() {
  const days = Array.from({ length: 7 }, (_, i) => addDays(state.today, i));
  $('days').replaceChildren(...days.map(day => el('button', {
    type: 'button', 'aria-pressed': String(day === state.day), dataset: { day },
    text: dayLabel(day, state.today),
    onclick: () => { state.day = day; renderDays(); renderSessions(); },
  })));
}

function sessionsOfDay() {
  return state.sessionOrder.map(id => state.sessions.get(id))
    .filter(s => s && localDate(new Date(s.startsAt), state.timeZone) === state.day);
}

function renderSessions() {
  if (!state.site) return;
  const list = sessionsOfDay();
  const container = $('sessions');
  const focused = document.activeElement?.dataset?.key;
  if (list.length === 0) {
    if (state.sessionOrder.length || !container.querySelector('.muted')) {
      container.replaceChildren(el('p', { class: 'muted', text: t('book.noSessions') }));
    }
    return;
  }
  container.replaceChildren(...list.map(session => sessionCard(session)));
  if (focused) keepFocus(container, focused);
}

/**
 * After a re-render, the keyboard focus goes back to the control it was on; when that control is gone (booked,
 * cancelled, confirmation closed) to the sentence saying the outcome, never to the top of the page.
 */
function keepFocus(container, key, otherwise = key) {
  const keyed = k => container.querySelector(`[data-key="${CSS.escape(k)}"]`);
  (keyed(key) ?? container.querySelector('.card-note') ?? keyed(otherwise))?.focus();
}

function sessionCard(session) {
  const card = el('article', { class: 'card session', dataset: { session: session.id }, 'aria-labelledby': `title-${session.id}` });
  fillSessionCard(card, session);
  return card;
}

function updateSessionCard(id) {
  const card = $('sessions').querySelector(`[data-session="${CSS.escape(id)}"]`);
  const session = state.sessions.get(id);
  if (card && session) fillSessionCard(card, session);
  else if (session && localDate(new Date(session.startsAt), state.timeZone) === state.day) renderSessions();
  if (state.bookings.some(b => b.sessionId === id)) renderBookings();
}

function fillSessionCard(card, session) {
  const focused = card.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  const topic = `session:${session.id}`;
  card.dataset.stale = String(!state.sessionTopicsRefused && connection.isStale(topic));
  const mine = bookingFor(session.id);
  const groups = (session.eligibility?.ageGroups ?? []).map(g => t(`book.ageGroup.${g}`)).join(lang() === 'en' ? ', ' : '、');
  const eligibility = [
    groups ? t('book.forEligibility', { groups }) : null,
    session.eligibility?.annualCardRequired ? t('book.annualCard') : null,
    session.eligibility?.residentsOnly ? t('book.residentsOnly') : null,
  ]
    .filter(Boolean).join(' · ');
  card.replaceChildren(...[
    el('div', { class: 'session-top' }, [
      el('span', { class: 'time', text: `${localTime(session.startsAt, state.timeZone)}–${localTime(session.endsAt, state.timeZone)}` }),
      el('span', { class: 'tag', text: t(`category.${session.category}`) }),
    ]),
    el('h3', { class: 'title', id: `title-${session.id}`, text: nameOf(session, 'title') }),
    session.place ? el('div', { class: 'muted', text: t('book.place', { place: session.place }) }) : null,
    eligibility ? el('div', { class: 'muted', text: eligibility }) : null,
    el('div', { class: 'counts live-number' }, [
      session.available > 0
        ? el('span', { dataset: { field: 'seats', available: String(session.available) }, text: t('book.seatsLeft', { available: session.available, capacity: session.capacity }) })
        : el('span', { class: 'none', dataset: { field: 'seats', available: '0' }, text: t('book.noSeatsLeft', { capacity: session.capacity }) }),
      session.waitlistCapacity > 0
        ? el('span', { dataset: { field: 'waitlist', waitlisted: String(session.waitlisted) }, text: t('book.waitlist', { waitlisted: session.waitlisted, waitlistCapacity: session.waitlistCapacity }) })
        : null,
    ]),
    el('div', { class: 'actions' }, sessionActions(session, mine)),
    note(session.id),
  ].filter(Boolean));
  if (focused) keepFocus(card, focused);
}

function lang() { return document.documentElement.lang; }

function sessionActions(session, mine) {
  if (mine) {
    const text = mine.status === 'waitlisted' && mine.waitlistPosition
      ? t('book.position', { position: mine.waitlistPosition }) : t(`status.${mine.status}`);
    // Keyed like the book button it replaces: the focus moves onto it when the booking shows up here first.
    return [el('span', { class: 'state-note', tabindex: '-1', dataset: { key: `book-${session.id}` }, text: `✓ ${text}` })];
  }
  const key = `book-${session.id}`;
  // aria-disabled, not disabled: a disabled button would drop the keyboard focus while the request runs.
  if (state.busy.has(session.id)) return [el('button', { type: 'button', 'aria-disabled': 'true', dataset: { key }, text: t('book.booking') })];
  switch (session.status) {
    case 'notYetOpen':
      return [el('span', { class: 'state-note', text: t('book.opensAt', { when: when(session.bookingOpensAt, state.timeZone, state.today) }) })];
    case 'closed':
      return [el('span', { class: 'state-note', text: t('book.closed') })];
    case 'cancelled':
      return [el('span', { class: 'state-note', text: t('book.cancelled') })];
    default: {
      const waitlistOpen = session.available <= 0 && session.waitlisted < session.waitlistCapacity;
      if (session.available <= 0 && !waitlistOpen) return [el('button', { type: 'button', disabled: true, dataset: { key }, text: t('book.full') })];
      return [el('button', {
        type: 'button', dataset: { key, action: 'book' },
        text: waitlistOpen ? t('book.joinWaitlist') : t('book.book'),
        onclick: () => book(session),
      })];
    }
  }
}

async function book(session) {
  const member = actingMember();
  if (!member) {
    say('problem', noMemberSentence());
    (state.session ? $('staff-input') : document.querySelector('[data-signin="resident"] input'))?.focus();
    return;
  }
  state.busy.add(session.id);
  updateSessionCard(session.id);
  say('info', t('book.booking'));
  // Who books (the resident, a family member, staff at the desk) comes from the token, never from the body.
  const answer = await postIdempotent(`/api/sessions/${encodeURIComponent(session.id)}/bookings`, { memberId: member.id },
    { onRetry: () => say('info', t('book.retrying')) });
  state.busy.delete(session.id);
  const title = nameOf(session, 'title');
  const at = when(session.startsAt, state.timeZone, state.today);
  if (answer.ok) {
    const booking = answer.body ?? {};
    say('ok', booking.status === 'waitlisted'
      ? t('book.waitlisted', { title, when: at, position: booking.waitlistPosition ?? '?' })
      : t('book.booked', { title, when: at }), session.id);
    if (booking.bookingId && !state.bookings.some(b => b.bookingId === booking.bookingId)) {
      state.bookings = [{ ...booking, title: session.title, startsAt: session.startsAt }, ...state.bookings];
    }
  } else {
    say('problem', problemSentence(answer.code), session.id);
  }
  updateSessionCard(session.id);
  renderBookings();
  refreshBookings();
}

// ---------- messages and freshness ----------

/** The page's message (read out by screen readers); with `at`, also shown in that card, where the reader is looking. */
function say(kind, text, at) {
  const box = $('message');
  box.dataset.kind = kind;
  box.textContent = text;
  const hadNotes = state.notes.size > 0;
  state.notes.clear();
  if (at && text) state.notes.set(at, { kind, text });
  if (hadNotes || state.notes.size > 0) { renderSessions(); renderBookings(); }
}

function note(id) {
  const found = state.notes.get(id);
  // Focusable and keyed: the keyboard focus lands here when the pressed button goes, and stays through re-renders.
  return found ? el('p', { class: 'message card-note', tabindex: '-1', dataset: { kind: found.kind, key: `note-${id}` }, text: found.text }) : null;
}

function watchedTopics() {
  return [...unwatchers.keys()].filter(topic => !(topic.startsWith('session:') && state.sessionTopicsRefused));
}

function refreshFreshness() {
  const stale = watchedTopics().some(topic => connection.isStale(topic));
  banner.hidden = !stale;
  banner.dataset.show = String(stale);
  for (const card of $('sessions').querySelectorAll('[data-session]')) {
    card.dataset.stale = String(!state.sessionTopicsRefused && connection.isStale(`session:${card.dataset.session}`));
  }
  const bookings = $('bookings');
  bookings.dataset.stale = String(Boolean(state.memberTopic && !state.memberPoll && connection.isStale(state.memberTopic)));
}
connection.onStatus(refreshFreshness);
setInterval(refreshFreshness, 1000);

// The list of sessions itself changes slowly (a rolling week); refresh it now and then, and at midnight.
// Without live session topics (the hub refused them) the list is the only source: read it more often.
let lastListLoad = Date.now();
setInterval(() => {
  if (!state.site) return;
  const today = localDate(new Date(), state.timeZone);
  if (today !== state.today) { lastListLoad = Date.now(); chooseSite(state.site.id); return; }
  if (Date.now() - lastListLoad < (state.sessionTopicsRefused ? 10_000 : 120_000)) return;
  lastListLoad = Date.now();
  loadSessions();
}, 5_000);

// ---------- start ----------

$('site-select').addEventListener('change', event => chooseSite(event.target.value));
onChange((session, reason) => sessionChanged(session, reason));
await mountSignIn();
await sessionChanged(current(), 'start');
state.sites = await loadSites();
say('', '');
$('site-select').replaceChildren(...state.sites.map(site => el('option', { value: site.id, text: nameOf(site) })));
const siteFromQuery = new URLSearchParams(location.search).get('site');
const rememberedSite = (() => { try { return localStorage.getItem(SiteKey); } catch { return null; } })();
const staffSite = isStaff(state.session) && !isAdmin(state.session) ? state.session.sites?.[0] : null;
await chooseSite(siteFromQuery || rememberedSite || state.me?.homeSiteId || staffSite || state.sites[0]?.id);
