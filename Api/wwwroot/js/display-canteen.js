// Canteen entrance display /display/canteen/{id}: free seats, the table map, level, meal hours, clock.
import { ready, t, nameOf } from './i18n.js';
import { live } from './live.js';
import { localTime, minutesOf, DefaultTimeZone } from './format.js';
import { idFromPath, timeZoneOf, startClock, bindStale, staleBanner, el, levelBadge } from './screen.js';

await ready();
const canteenId = idFromPath('/display/canteen');
const topic = `canteen:${canteenId}`;
let timeZone = DefaultTimeZone;
let current = null;

const $ = id => document.getElementById(id);
document.title = t('display.canteenTitle');
$('free-label').textContent = t('display.freeSeats');
$('tables-title').textContent = t('display.tables');
$('legend').append(
  el('span', {}, [el('i', { class: 'seat free-seat', 'aria-hidden': 'true' }), t('display.legendFree')]),
  el('span', {}, [el('i', { class: 'seat taken-seat', 'aria-hidden': 'true' }), t('display.legendTaken')]),
  el('span', {}, [el('b', { class: 'accessible', 'aria-hidden': 'true', text: '♿' }), t('display.legendAccessible')]),
);
document.body.prepend(staleBanner());
startClock($('clock'), () => timeZone);

const connection = live();
bindStale(connection, () => [topic], $('stale-banner'));
connection.watch(topic, render, showMissing);
setInterval(() => current && renderUpdated(current), 1000);

function render(canteen) {
  current = canteen;
  if (canteen.siteId) timeZoneOf(canteen.siteId).then(zone => { timeZone = zone; renderHours(canteen); });
  $('name').textContent = nameOf(canteen);
  document.title = `${nameOf(canteen)} · ${t('display.canteenTitle')}`;
  $('subtitle').textContent = t('display.canteenTitle');
  $('free-seats').textContent = String(canteen.freeSeats);
  $('of-seats').textContent = t('display.ofSeats', { seats: canteen.seats, occupied: canteen.occupiedSeats });
  $('level').replaceChildren(levelBadge(canteen.level));
  $('closed-note').textContent = canteen.open ? '' : nextMealSentence(canteen);
  document.body.dataset.open = String(canteen.open);
  renderTables(canteen.tables ?? []);
  renderHours(canteen);
  renderUpdated(canteen);
}

function renderTables(tables) {
  const container = $('tables');
  // Enough columns that the map fills the panel without scrolling.
  const columns = Math.max(3, Math.ceil(Math.sqrt(tables.length * 1.6)));
  container.style.setProperty('--cols', String(columns));
  container.style.setProperty('--rows', String(Math.max(3, Math.ceil(tables.length / columns))));
  container.replaceChildren(...tables.map(table => {
    const free = Math.max(0, table.seats - table.occupied);
    const seats = [];
    for (let i = 0; i < table.seats; i++) {
      seats.push(el('i', { class: i < table.occupied ? 'seat taken-seat' : 'seat free-seat', 'aria-hidden': 'true' }));
    }
    return el('div', {
      class: free === 0 ? 'table is-full' : 'table',
      role: 'img',
      'aria-label': t('display.tableAria', { id: table.id, seats: table.seats, free, accessible: table.accessible ? t('display.accessibleAria') : '' }),
      dataset: { table: table.id, free: String(free) },
    }, [
      el('div', { class: 'table-head' }, [
        el('span', { text: t('display.table', { id: table.id.toUpperCase() }) }),
        table.accessible ? el('span', { class: 'accessible', text: '♿' }) : null,
      ]),
      el('div', { class: 'seats' }, seats),
      el('div', { class: 'free', text: free === 0 ? t('display.tableFull') : t('display.tableFree', { free }) }),
    ]);
  }));
}

function renderHours(canteen) {
  const hours = canteen.mealHours ?? [];
  $('meal-hours').replaceChildren(
    el('span', { class: 'hours-title', text: t('display.mealHours') }),
    ...hours.map(meal => {
      const now = canteen.open && canteen.currentMeal === meal.meal;
      return el('span', { class: now ? 'now' : '' }, [
        `${t(`meal.${meal.meal}`)} ${meal.from}–${meal.to}`,
        now ? ` · ${t('display.nowServing')}` : '',
      ]);
    }),
  );
}

function nextMealSentence(canteen) {
  const hours = [...(canteen.mealHours ?? [])].sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  if (hours.length === 0) return t('display.closedNow');
  const nowMinutes = minutesOf(localTime(new Date(), timeZone));
  const next = hours.find(meal => minutesOf(meal.from) > nowMinutes);
  const meal = next ?? hours[0];
  const day = next ? '' : `${t('day.tomorrow')} `;
  return t('display.nextOpen', { when: `${day}${t(`meal.${meal.meal}`)} ${meal.from}` });
}

function renderUpdated(canteen) {
  $('updated').textContent = canteen.updatedAt ? t('live.updatedAt', { time: localTime(canteen.updatedAt, timeZone, true) }) : '';
  if (!canteen.open) $('closed-note').textContent = nextMealSentence(canteen);
}

function showMissing() {
  document.body.dataset.stale = 'false';
  $('main').replaceChildren(el('p', { class: 'fatal', role: 'alert', text: t('display.notFound', { id: canteenId ?? '' }) }));
  $('name').textContent = t('display.canteenTitle');
}
