// The staff dashboard's list of the site's notices today (/dashboard/{siteId}): what went out, what waits for the
// end of quiet hours, what failed. Read over REST every 30 s; phones arrive masked.
import { lang, ready, t } from './i18n.js';
import { getJson } from './api.js';
import { current, isStaffOf, onChange } from './session.js';
import { el, idFromPath, timeZoneOf } from './screen.js';
import { localTime } from './format.js';

await ready();
const siteId = idFromPath('/dashboard');
const section = el('section', { class: 'card', id: 'site-notices', 'aria-labelledby': 'site-notices-title', hidden: true });
let timer = null;
let generation = 0;

if (siteId) {
  document.getElementById('main')?.after(section);
  start();
  onChange(start);
}

async function start() {
  const mine = ++generation;
  clearInterval(timer);
  section.hidden = true;
  if (!isStaffOf(current(), siteId)) return;
  const timeZone = await timeZoneOf(siteId).catch(() => undefined);
  // A sign-in or sign-out meanwhile started again: only the latest start keeps a timer.
  if (mine !== generation) return;
  const refresh = () => show(timeZone);
  await refresh();
  if (mine === generation) timer = setInterval(refresh, 30000);
}

async function show(timeZone) {
  const answer = await getJson(`/api/sites/${encodeURIComponent(siteId)}/notices`);
  if (!answer.ok) return;
  const notices = answer.body ?? [];
  const rows = notices.map(n => el('tr', { dataset: { status: n.status } }, [
    el('td', { text: localTime(new Date(n.raisedAt), timeZone) }),
    el('td', { text: t(`notices.kind.${n.kind}`) }),
    el('td', { text: lang === 'en' ? n.textEn : n.text }),
    el('td', { text: n.deliveries.map(d => d.maskedPhone).filter(Boolean).join(', ') }),
    el('td', { text: t(`notices.status.${n.status}`) }),
  ]));
  section.replaceChildren(
    el('h2', { id: 'site-notices-title', text: `${t('notices.today')} (${notices.length})` }),
    notices.length ? el('table', { class: 'notices' }, el('tbody', {}, rows)) : el('p', { class: 'hint', text: t('notices.empty') }));
  section.hidden = false;
}
