// Facility entrance display /display/facility/{id} (gym, children's area …): places left, zones, level, hours, clock.
import { ready, t, nameOf } from './i18n.js';
import { live } from './live.js';
import { localTime, weekdayKey, minutesOf, DefaultTimeZone } from './format.js';
import { idFromPath, timeZoneOf, startClock, bindStale, staleBanner, el, levelBadge, levelOf } from './screen.js';

await ready();
const facilityId = idFromPath('/display/facility');
const topic = `facility:${facilityId}`;
let timeZone = DefaultTimeZone;
let current = null;

const $ = id => document.getElementById(id);
document.title = t('display.facilityTitle');
$('available-label').textContent = t('display.available');
$('zones-title').textContent = t('display.zones');
document.body.prepend(staleBanner());
startClock($('clock'), () => timeZone);

const connection = live();
bindStale(connection, () => [topic], $('stale-banner'));
connection.watch(topic, render, showMissing);
setInterval(() => current && renderFooter(current), 1000);

function render(facility) {
  current = facility;
  if (facility.siteId) timeZoneOf(facility.siteId).then(zone => { timeZone = zone; renderFooter(facility); });
  $('name').textContent = nameOf(facility);
  document.title = `${nameOf(facility)} · ${t('display.facilityTitle')}`;
  $('subtitle').textContent = t(`kind.${facility.kind}`);
  $('available').textContent = String(facility.available);
  $('of-capacity').textContent = t('display.ofCapacity', { capacity: facility.capacity, occupied: facility.occupied });
  $('level').replaceChildren(levelBadge(facility.level));
  document.body.dataset.open = String(facility.open);
  const zones = facility.zones ?? [];
  $('main').classList.toggle('no-side', zones.length === 0);
  $('zones-panel').hidden = zones.length === 0;
  $('zones').replaceChildren(...zones.map(zone => {
    const level = levelOf(zone.occupied, zone.capacity, facility.open, facility.quietBelow, facility.nearlyFullFrom);
    const share = Math.min(100, Math.round((zone.occupied / Math.max(1, zone.capacity)) * 100));
    return el('div', { class: 'zone', dataset: { zone: zone.id } }, [
      el('span', { class: 'zone-name', text: nameOf(zone) }),
      el('span', { class: 'zone-free', text: t('display.zoneFree', { free: zone.available }) }),
      el('span', { class: 'bar', 'aria-hidden': 'true' }, el('i', { style: { width: `${share}%` } })),
      el('span', { class: 'zone-of', text: t('display.zoneOf', { occupied: zone.occupied, capacity: zone.capacity }) }),
      levelBadge(level),
    ]);
  }));
  renderFooter(facility);
}

function todaysHours(facility) {
  return facility.openingHours?.[weekdayKey(new Date(), timeZone)] ?? [];
}

function renderFooter(facility) {
  const today = todaysHours(facility);
  $('opening-hours').replaceChildren(
    el('span', { class: 'hours-title', text: t('display.openingHours') }),
    ...(today.length ? today.map(([from, to]) => el('span', { text: `${from}–${to}` })) : [el('span', { text: t('display.closedToday') })]),
  );
  $('updated').textContent = facility.updatedAt ? t('live.updatedAt', { time: localTime(facility.updatedAt, timeZone, true) }) : '';
  $('closed-note').textContent = facility.open ? '' : nextOpening(facility);
}

function nextOpening(facility) {
  const nowMinutes = minutesOf(localTime(new Date(), timeZone));
  const later = todaysHours(facility).find(([from]) => minutesOf(from) > nowMinutes);
  return later ? t('display.nextOpen', { when: later[0] }) : t('display.closedNow');
}

function showMissing() {
  document.body.dataset.stale = 'false';
  $('main').replaceChildren(el('p', { class: 'fatal', role: 'alert', text: t('display.notFound', { id: facilityId ?? '' }) }));
  $('name').textContent = t('display.facilityTitle');
}
