// What every screen shares: the id from the address, the site's time zone, the clock, the stale banner.
import { t } from './i18n.js';
import { getJson } from './api.js';
import { clockParts, DefaultTimeZone } from './format.js';

/** The last path segment (/display/canteen/{id}, /dashboard/{siteId}); null when absent. */
export function idFromPath(prefix) {
  const rest = decodeURIComponent(location.pathname.slice(prefix.length)).replace(/^\/+|\/+$/g, '');
  return rest && !rest.includes('/') ? rest : null;
}

/** The site's IANA time zone, from the site list; the demo default until it is known. */
const zones = new Map();
export async function timeZoneOf(siteId) {
  if (zones.has(siteId)) return zones.get(siteId);
  const sites = await getJson('/api/sites');
  if (sites.ok && Array.isArray(sites.body)) for (const site of sites.body) zones.set(site.id, site.timeZone || DefaultTimeZone);
  return zones.get(siteId) ?? DefaultTimeZone;
}

/** Ticks a clock in elements .time and .date under root, in the time zone timeZone() answers. */
export function startClock(root, timeZone) {
  const tick = () => {
    const { time, date } = clockParts(timeZone());
    root.querySelector('.time').textContent = time;
    root.querySelector('.date').textContent = date;
  };
  tick();
  setInterval(tick, 1000);
}

/**
 * Marks the page stale (data-stale on <body>, the banner shown) whenever any of topics() is stale or the
 * connection is down, and fresh again when every topic has been heard after a reconnect.
 */
export function bindStale(liveConnection, topics, banner) {
  const update = () => {
    const stale = topics().some(topic => liveConnection.isStale(topic));
    document.body.dataset.stale = String(stale);
    banner.dataset.show = String(stale);
    banner.hidden = !stale;
  };
  liveConnection.onStatus(update);
  setInterval(update, 1000);
  update();
  return update;
}

/** The stale banner element: 正在重新连接… with a line saying the numbers may be old. */
export function staleBanner() {
  const banner = document.createElement('div');
  banner.className = 'stale-banner';
  banner.setAttribute('role', 'status');
  banner.id = 'stale-banner';
  banner.hidden = true;
  banner.innerHTML = '<span aria-hidden="true">⚠</span><span class="stale-text"></span><small class="stale-detail"></small>';
  banner.querySelector('.stale-text').textContent = t('live.stale');
  banner.querySelector('.stale-detail').textContent = t('live.staleDetail');
  return banner;
}

/**
 * A small element factory: el('div', { class: 'x', text: '…' }, children). style takes an object and is set
 * through the DOM (element.style), which the Content-Security-Policy allows; a style attribute it would refuse.
 */
export function el(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') element.textContent = value;
    else if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    // Through the CSSOM: the Content-Security-Policy refuses style attributes, not style properties.
    else if (name === 'style') typeof value === 'string' ? (element.style.cssText = value) : Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of [].concat(children)) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** A level badge with its label and its shape. */
export function levelBadge(level, extraClass = '') {
  return el('span', { class: `level ${extraClass}`.trim(), dataset: { level }, text: t(`level.${level}`) });
}

/** The level of a part (a zone) by the thresholds of the whole, as the contract defines levels. */
export function levelOf(occupied, capacity, open, quietBelow = 0.6, nearlyFullFrom = 0.9) {
  if (!open) return 'closed';
  const ratio = occupied / Math.max(1, capacity);
  if (ratio < quietBelow) return 'quiet';
  if (ratio < nearlyFullFrom) return 'busy';
  if (ratio < 1) return 'nearlyFull';
  return 'full';
}
