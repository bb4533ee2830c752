// "When to come" on /book: a small chart per facility (and canteen) of the chosen site, the expected occupancy for each hour left
// today against capacity, coloured by level, with the next quiet time above it. The chart is an inline SVG built
// here (no library); each has a text alternative (role="img", a title, and a list of the hours for screen readers).
import { ready, t, nameOf } from './i18n.js';
import { getJson } from './api.js';
import { el } from './screen.js';
import { nowStep } from './forecast-time.js';

const Svg = 'http://www.w3.org/2000/svg';
const RefreshMs = 5 * 60_000;
const select = document.getElementById('site-select');
document.head.append(el('link', { rel: 'stylesheet', href: '/css/forecast.css' }));
await ready();

const section = el('section', { class: 'card forecast-section', id: 'forecast-section', 'aria-labelledby': 'forecast-title', hidden: true }, [
  el('h2', { id: 'forecast-title', text: t('forecast.heading') }),
  el('p', { class: 'hint', text: t('forecast.hint') }),
]);
const charts = el('div', { class: 'forecast-charts' });
section.append(charts);
(select?.closest('section') ?? document.querySelector('main'))?.after(section);

function svg(tag, attributes = {}, children = []) {
  const element = document.createElementNS(Svg, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

function chart(facility, forecast) {
  const hours = forecast.hours.filter(h => h.level !== 'closed');
  const titleId = `forecast-${facility.id}-title`;
  const listId = `forecast-${facility.id}-hours`;
  const step = 28;
  const width = step * Math.max(hours.length, 1) + 8;
  const height = 114;
  const capacity = Math.max(1, forecast.capacity);
  const bars = hours.map((h, i) => {
    const value = Math.min(capacity, Math.max(0, h.expected ?? 0));
    const barHeight = Math.round((value / capacity) * (height - 20));
    return svg('g', {}, [
      svg('rect', { x: 4 + i * step, y: height - 2 - barHeight, width: step - 6, height: Math.max(1, barHeight), class: `forecast-bar level-${h.level}` }),
    ]);
  });
  const quietLine = (height - 2) - Math.round(facility.quietBelow * (height - 20));
  const picture = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': listId, class: 'forecast-chart' }, [
    svg('title', { id: titleId }, [document.createTextNode(t('forecast.chartTitle', { name: nameOf(facility) }))]),
    svg('line', { x1: 0, x2: width, y1: quietLine, y2: quietLine, class: 'forecast-quiet-line' }),
    ...bars,
  ]);
  const summary = !forecast.nextQuietTime ? t('forecast.noQuietToday')
    : forecast.nextQuietTime <= nowStep(forecast.timeZone) ? t('forecast.quietNow')
    : t('forecast.freeAfter', { time: forecast.nextQuietTime });
  return el('figure', { class: 'forecast-figure', dataset: { facility: facility.id } }, [
    el('figcaption', {}, [el('strong', { text: nameOf(facility) }), ' ', el('span', { class: 'forecast-next', text: summary })]),
    forecast.generatedDays > 0 ? el('p', { class: 'forecast-generated', text: t('forecast.generatedNote') }) : null,
    hours.length ? picture : el('p', { class: 'hint', text: t('forecast.closedRestOfDay') }),
    // The hours under the bars are page text, not SVG text: the chart scales with its box, and the hours must stay
    // readable (18 px or more) however narrow the phone; every other hour is named when they would crowd.
    hours.length ? el('div', { class: 'forecast-hours', 'aria-hidden': 'true' }, hours.map((h, i) =>
      el('span', { text: hours.length <= 8 || i % 2 === 0 ? String(h.hour) : '' }))) : null,
    el('ul', { class: 'sr-only', id: listId }, hours.map(h =>
      el('li', { text: t('forecast.hourText', { hour: h.from, expected: Math.round(h.expected ?? 0), capacity: forecast.capacity, level: t(`level.${h.level}`) }) }))),
  ]);
}

let shownSite = null;
async function load(siteId) {
  shownSite = siteId;
  if (!siteId) { section.hidden = true; return; }
  const site = await getJson(`/api/sites/${encodeURIComponent(siteId)}`);
  if (shownSite !== siteId || !site.ok) return;
  const facilities = [...(site.body.facilities ?? []).map(f => ['facilities', f]), ...(site.body.canteens ?? []).map(c => ['canteens', c])];
  const answers = await Promise.all(facilities.map(([kind, f]) => getJson(`/api/${kind}/${encodeURIComponent(f.id)}/forecast`)));
  if (shownSite !== siteId) return;
  const figures = facilities.map(([, f], i) => answers[i].ok && answers[i].body.method !== 'noHistory' ? chart(f, answers[i].body) : null).filter(Boolean);
  charts.replaceChildren(...figures);
  section.hidden = figures.length === 0;
}

// book.js fills the site list and chooses a site after its sign-in: follow the select, and its first choice.
select?.addEventListener('change', () => load(select.value));
new MutationObserver(() => { if (select.value && select.value !== shownSite) load(select.value); }).observe(select, { childList: true });
const waitForChoice = setInterval(() => { if (select?.value && select.value !== shownSite) load(select.value); }, 500);
setTimeout(() => clearInterval(waitForChoice), 30_000);
setInterval(() => shownSite && load(shownSite), RefreshMs);
