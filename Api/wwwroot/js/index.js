// The start page: links to booking, the dashboard and every entrance display of every site.
import { ready, t, nameOf, apply, mountLanguageSwitch } from './i18n.js';
import { getJson } from './api.js';
import { el } from './screen.js';

await ready();
apply();
document.title = t('index.title');
mountLanguageSwitch(document.getElementById('lang-switch'));

const container = document.getElementById('displays');
const sites = await getJson('/api/sites');
if (!sites.ok || !Array.isArray(sites.body)) {
  container.replaceChildren(el('p', { class: 'message', dataset: { kind: 'problem' }, text: t('index.loadFailed') }));
} else {
  const details = await Promise.all(sites.body.map(site => getJson(`/api/sites/${encodeURIComponent(site.id)}`)));
  container.replaceChildren(...sites.body.map((site, i) => {
    const full = details[i].ok ? details[i].body : { facilities: [], canteens: [] };
    const links = [
      ...(full.canteens ?? []).map(c => el('li', {}, el('a', { href: `/display/canteen/${c.id}`, text: t('index.canteenDisplay', { name: nameOf(c) }) }))),
      ...(full.facilities ?? []).map(f => el('li', {}, el('a', { href: `/display/facility/${f.id}`, text: t('index.facilityDisplay', { name: nameOf(f) }) }))),
      el('li', {}, el('a', { href: `/dashboard/${site.id}`, text: t('index.siteDashboard', { name: nameOf(site) }) })),
    ];
    return el('section', { 'aria-label': nameOf(site) }, [el('h3', { class: 'site-heading', text: nameOf(site) }), el('ul', { class: 'links' }, links)]);
  }));
}
