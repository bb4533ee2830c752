// Staff dashboard: /dashboard (every site) and /dashboard/{siteId} (every facility and canteen of one site live,
// near-full alerts, today's totals and hourly charts from the stats route).
// For staff only: until a staff (or admin) token is in the tab the page shows a sign-in form and no site data at
// all, and staff see only their own sites. The snapshots themselves are public; the page is what is gated.
import { ready, t, nameOf, apply, mountLanguageSwitch } from './i18n.js';
import { live } from './live.js';
import { getJson } from './api.js';
import { localDate, number, DefaultTimeZone } from './format.js';
import { idFromPath, startClock, staleBanner, el, levelBadge } from './screen.js';
import { current, onChange, isStaff, isAdmin, isStaffOf } from './session.js';
import { signInForm, demoPanel, whoIsSignedIn, expiredNote } from './signin.js';
import { mountAbsenceAlerts } from './dashboard-alerts.js';

await ready();
apply();
mountLanguageSwitch(document.getElementById('lang-switch'));

const $ = id => document.getElementById(id);
const ExpiredFlag = 'occupancy.dashboard.expired';
const siteId = idFromPath('/dashboard');
let timeZone = DefaultTimeZone;
startClock($('clock'), () => timeZone);

// Whoever signs in or out, the page starts over: nothing of the previous holder's view stays on screen.
onChange((session, reason) => {
  if (reason === 'renewed') return;
  if (reason === 'expired') try { sessionStorage.setItem(ExpiredFlag, '1'); } catch { /* the note is a nicety */ }
  location.reload();
});

const AlertLevels = new Set(['nearlyFull', 'full']);
const TotalKeys = ['visits', 'mealsServed', 'dinersCheckedIn', 'bookings', 'cancellations', 'noShows', 'sessionsHeld'];
const partsOf = site => [
  ...(site.facilities ?? []).map(f => ({ id: f.id, kind: 'facility', name: nameOf(f), level: f.level, occupied: f.occupied, capacity: f.capacity, raw: f })),
  ...(site.canteens ?? []).map(c => ({ id: c.id, kind: 'canteen', name: nameOf(c), level: c.level, occupied: c.occupiedSeats, capacity: c.seats, raw: c })),
];

const session = current();
if (!isStaff(session)) await signInView(session);
else await staffView(session);

/** The sign-in form and nothing else: no site names, no numbers. */
async function signInView(signedIn) {
  document.title = t('dash.title');
  $('back').hidden = true;
  let expired = false;
  try { expired = sessionStorage.getItem(ExpiredFlag) === '1'; sessionStorage.removeItem(ExpiredFlag); } catch { /* none */ }
  const staffOnly = signedIn ? el('p', { class: 'message', role: 'status', dataset: { kind: 'info' }, text: t('signin.staffOnly') }) : null;
  const main = $('main');
  main.replaceChildren(el('section', { class: 'card signin-card', 'aria-labelledby': 'signin-title' }, [
    el('h2', { id: 'signin-title', text: t('signin.staffHeading') }),
    expired ? expiredNote() : null,
    staffOnly,
    signInForm('staff', { accept: answer => (answer.role === 'staff' || answer.role === 'admin' ? null : t('signin.staffOnly')) }),
  ]));
  const demo = await demoPanel({ only: identity => identity.role === 'staff' || identity.role === 'admin' });
  if (demo) main.append(demo);
}

/** Who is signed in, then the overview of their sites or one site of theirs, live. */
async function staffView(signedIn) {
  $('main').before(el('div', { class: 'who-bar' }, whoIsSignedIn(signedIn)));
  if (siteId && !isStaffOf(signedIn, siteId)) {
    notYourSite(siteId);
    return;
  }
  const connection = live();
  const banner = staleBanner();
  document.querySelector('.page-head').after(banner);
  const watched = new Set();
  const update = () => {
    const stale = [...watched].some(topic => connection.isStale(topic));
    banner.hidden = !stale;
    banner.dataset.show = String(stale);
    document.body.dataset.stale = String(stale);
  };
  connection.onStatus(update);
  setInterval(update, 1000);
  if (siteId) await siteView(siteId, connection, watched);
  else await overview(signedIn, connection, watched);
}

/** Staff of another site: a sentence and the way back to their own sites; nothing of this site. */
function notYourSite(id) {
  document.title = t('dash.title');
  $('main').replaceChildren(el('p', { class: 'fatal', role: 'alert', text: t('dash.notYourSite', { id }) }));
}

// ---------- all sites ----------

async function overview(session, connection, watched) {
  document.title = t('dash.overview');
  $('heading').textContent = t('dash.overview');
  $('back').hidden = true;
  const main = $('main');
  main.replaceChildren(el('p', { class: 'muted', text: t('common.loading') }));
  let sites;
  for (;;) {
    const answer = await getJson('/api/sites');
    if (answer.ok && Array.isArray(answer.body)) { sites = answer.body; break; }
    main.replaceChildren(el('p', { class: 'message', dataset: { kind: 'problem' }, text: t('index.loadFailed') }));
    await new Promise(r => setTimeout(r, 5000));
  }
  if (!isAdmin(session)) sites = sites.filter(site => isStaffOf(session, site.id));
  if (sites.length === 0) {
    main.replaceChildren(el('p', { class: 'fatal', role: 'status', text: t('dash.noSites') }));
    return;
  }
  if (sites[0]?.timeZone) timeZone = sites[0].timeZone;
  const grid = el('div', { class: 'site-cards' });
  main.replaceChildren(el('h2', { class: 'sr-only', text: t('dash.allSites') }), grid);
  for (const summary of sites) {
    const card = el('article', { class: 'site-card live-number', dataset: { site: summary.id } }, [
      el('h3', {}, el('a', { href: `/dashboard/${encodeURIComponent(summary.id)}`, text: nameOf(summary) })),
      el('div', { class: 'district', text: summary.district ?? '' }),
      el('div', { class: 'numbers', text: '—' }),
    ]);
    grid.append(card);
    const topic = `site:${summary.id}`;
    watched.add(topic);
    connection.watch(topic, site => fillSiteCard(card, site), () => watched.delete(topic));
  }
}

function fillSiteCard(card, site) {
  const parts = partsOf(site);
  const alerts = parts.filter(p => AlertLevels.has(p.level));
  card.replaceChildren(...[
    el('h3', {}, el('a', { href: `/dashboard/${encodeURIComponent(site.id)}`, text: nameOf(site) })),
    el('div', { class: 'district', text: site.district ?? '' }),
    el('div', { class: 'numbers', text: t('dash.occupied', { occupied: site.totals?.occupied ?? '—', capacity: site.totals?.capacity ?? '—' }) }),
    alerts.length ? el('div', { class: 'alert-count', text: `⚠ ${t('dash.alertCount', { count: alerts.length })}` }) : null,
    el('div', { class: 'parts' }, parts.map(p => el('span', {}, [levelBadge(p.level), ` ${p.name} `]))),
  ].filter(Boolean));
}

// ---------- one site ----------

async function siteView(id, connection, watched) {
  const main = $('main');
  main.replaceChildren(el('p', { class: 'muted', text: t('common.loading') }));
  const sections = {
    alerts: el('ul', { class: 'alerts', id: 'alerts' }),
    tiles: el('div', { class: 'tiles', id: 'totals' }),
    statsNote: el('p', { class: 'stats-note', id: 'stats-note' }),
    places: el('div', { class: 'places', id: 'places' }),
  };
  main.replaceChildren(
    el('section', { 'aria-labelledby': 'alerts-title' }, [el('h2', { id: 'alerts-title', text: t('dash.alerts') }), el('div', { 'aria-live': 'polite' }, sections.alerts)]),
    el('section', { 'aria-labelledby': 'today-title' }, [el('h2', { id: 'today-title', text: t('dash.today') }), sections.tiles, sections.statsNote]),
    el('section', { 'aria-labelledby': 'places-title' }, [el('h2', { id: 'places-title', text: t('dash.places') }), sections.places]),
  );
  mountAbsenceAlerts(main, id, connection, watched, () => timeZone);
  let site = null;
  let stats = null;
  let statsSoon = () => {};
  renderTotals(sections, null);

  const topic = `site:${id}`;
  watched.add(topic);
  connection.watch(topic, snapshot => {
    site = snapshot;
    timeZone = site.timeZone || DefaultTimeZone;
    $('heading').textContent = nameOf(site);
    document.title = `${nameOf(site)} · ${t('dash.title')}`;
    renderAlerts(sections, site);
    renderPlaces(sections, site, stats);
    statsSoon();
  }, () => {
    watched.delete(topic);
    main.replaceChildren(el('p', { class: 'fatal', role: 'alert', text: t('dash.siteNotFound', { id }) }));
  });

  // Statistics have no topic: read them every minute, and shortly after the site changes (entries and diners
  // are counted one-way after each change, so give them a moment), at most every few seconds.
  let lastStats = 0;
  let statsTimer = null;
  const loadStats = async () => {
    statsTimer = null;
    lastStats = Date.now();
    const date = localDate(new Date(), timeZone);
    const answer = await getJson(`/api/sites/${encodeURIComponent(id)}/stats?date=${date}`);
    stats = answer.ok && answer.body ? answer.body : null;
    renderTotals(sections, stats);
    if (site) renderPlaces(sections, site, stats);
  };
  statsSoon = () => {
    if (statsTimer) return;
    statsTimer = setTimeout(loadStats, Math.max(1500, 5000 - (Date.now() - lastStats)));
  };
  loadStats();
  setInterval(loadStats, 60_000);
}

function renderAlerts(sections, site) {
  const alerts = partsOf(site).filter(p => AlertLevels.has(p.level));
  sections.alerts.replaceChildren(...(alerts.length
    ? alerts.map(p => el('li', { dataset: { level: p.level, place: p.id }, class: 'live-number' },
      `⚠ ${t('dash.alertItem', { name: p.name, level: t(`level.${p.level}`), occupied: p.occupied, capacity: p.capacity })}`))
    : [el('li', { class: 'no-alerts', text: t('dash.noAlerts') })]));
}


function renderTotals(sections, stats) {
  sections.tiles.replaceChildren(...TotalKeys.map(key => el('div', { class: 'tile', dataset: { total: key } }, [
    el('div', { class: 'tile-label', text: t(`dash.${key}`) }),
    el('div', { class: 'tile-value', text: stats && Number.isFinite(stats[key]) ? number(stats[key]) : '—' }),
  ])));
  sections.statsNote.textContent = stats ? '' : t('dash.statsUnavailable');
}

function renderPlaces(sections, site, stats) {
  sections.places.replaceChildren(...partsOf(site).map(part => {
    const share = Math.min(100, Math.round((part.occupied / Math.max(1, part.capacity)) * 100));
    const zones = part.raw.zones ?? [];
    const displayHref = part.kind === 'canteen' ? `/display/canteen/${part.id}` : `/display/facility/${part.id}`;
    return el('article', { class: 'place', dataset: { place: part.id } }, [
      el('div', { class: 'place-head' }, [
        el('div', {}, [
          el('h3', {}, el('a', { href: displayHref, text: part.name })),
          el('div', { class: 'kind', text: part.kind === 'canteen' ? t('dash.canteen') : t(`kind.${part.raw.kind}`) }),
        ]),
        levelBadge(part.level),
      ]),
      el('div', { class: 'numbers live-number', dataset: { occupied: String(part.occupied), capacity: String(part.capacity) } },
        `${part.occupied} / ${part.capacity}`),
      el('div', { class: 'meter', 'aria-hidden': 'true' }, el('i', { style: { width: `${share}%` } })),
      zones.length ? el('div', { class: 'zones-line live-number' }, zones.map(z => el('span', { text: `${nameOf(z)} ${z.occupied}/${z.capacity}` }))) : null,
      part.kind === 'canteen' ? dinersLine(part.id, stats) : null,
      hourlyChart(part, stats),
    ]);
  }));
}

/** A canteen's diners checked in per meal today (the stats route's `diners`), beside its seats. */
function dinersLine(id, stats) {
  const entry = stats && Array.isArray(stats.parts) ? stats.parts.find(p => p && p.id === id) : null;
  const meals = Array.isArray(entry?.diners) ? entry.diners : null;
  if (!meals) return null;
  return el('div', { class: 'zones-line diners-line', dataset: { diners: id } }, [
    el('span', { class: 'kind', text: t('dash.diners') }),
    ...(meals.length
      ? meals.map(m => el('span', { dataset: { meal: m.meal }, text: `${t(`meal.${m.meal}`)} ${number(m.diners)}` }))
      : [el('span', { text: t('dash.noDiners') })]),
  ]);
}

/**
 * The stats route's hourly figures for one place: { today: [24], usual: [24] } or null. The route answers
 * parts: [{ id, kind, hourly: [24], usual: [24, null where no history] }]; read tolerantly all the same.
 */
function hourlyOf(stats, id) {
  if (!stats) return null;
  const lists = [stats.parts, stats.facilities, stats.canteens].filter(Array.isArray).flat();
  const entry = lists.find(p => p && (p.id === id || p.facilityId === id || p.canteenId === id));
  if (!entry) return null;
  const raw = entry.hourly ?? entry.peaks ?? entry.hours ?? entry.today;
  if (!Array.isArray(raw)) return null;
  const objects = raw.length && typeof raw[0] === 'object';
  const today = objects ? raw.map(h => h?.peak ?? h?.count ?? h?.today ?? null) : raw;
  const usual = objects ? raw.map(h => h?.usual ?? null) : (Array.isArray(entry.usual) ? entry.usual : []);
  return { today, usual };
}

/** The chart scales with its box: its axis labels are resized so that they are drawn at 18.5 px on screen. */
function fitAxisText(svg, viewBoxWidth) {
  new ResizeObserver(() => {
    const drawn = svg.getBoundingClientRect().width;
    if (drawn > 0) svg.style.setProperty('--axis-size', `${(18.5 * viewBoxWidth) / drawn}px`);
  }).observe(svg);
}

function hourlyChart(part, stats) {
  const figures = hourlyOf(stats, part.id);
  const title = el('div', { class: 'kind', text: t('dash.hourly') });
  if (!figures) return el('div', {}, [title, el('div', { class: 'chart-empty', text: t('dash.noChart') })]);
  const width = 480, height = 160, left = 40, bottom = 30, top = 8;
  const values = [...figures.today, ...figures.usual].filter(Number.isFinite);
  const max = Math.max(1, part.capacity ?? 0, ...values);
  const x = hour => left + (hour * (width - left)) / 24;
  const y = value => top + (height - top - bottom) * (1 - value / max);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('dash.hourlyAria', { name: part.name }));
  const add = (tag, attributes, text) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  for (const value of [0, Math.round(max / 2), max]) {
    add('line', { class: 'grid', x1: left, x2: width, y1: y(value), y2: y(value) });
    add('text', { class: 'axis', x: 0, y: y(value) + 4 }, String(value));
  }
  figures.today.forEach((value, hour) => {
    if (!Number.isFinite(value)) return;
    const barWidth = (width - left) / 24 - 2;
    add('rect', { class: 'bar', x: x(hour) + 1, y: y(value), width: barWidth, height: Math.max(0, y(0) - y(value)) });
  });
  const points = figures.usual.map((value, hour) => (Number.isFinite(value) ? `${x(hour + 0.5)},${y(value)}` : null)).filter(Boolean);
  if (points.length > 1) add('polyline', { class: 'usual', points: points.join(' ') });
  for (const hour of [0, 6, 12, 18]) add('text', { class: 'axis', x: x(hour), y: height - 4 }, `${String(hour).padStart(2, '0')}:00`);
  fitAxisText(svg, width);
  return el('div', {}, [
    title,
    svg,
    el('div', { class: 'chart-legend' }, [el('span', { class: 'key-bar', text: t('dash.chartToday') }), el('span', { class: 'key-usual', text: t('dash.chartUsual') })]),
  ]);
}
