// Every visible string comes from /i18n/{lang}.json. Simplified Chinese unless the reader chose English.
const Supported = ['zh-CN', 'en'];
const StorageKey = 'occupancy.lang';

function chosenLanguage() {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  if (Supported.includes(fromQuery)) return fromQuery;
  try {
    const saved = localStorage.getItem(StorageKey);
    if (Supported.includes(saved)) return saved;
  } catch { /* storage may be off on a kiosk */ }
  return 'zh-CN';
}

export const lang = chosenLanguage();
let strings = {};
let fallback = {};

async function load(language) {
  const response = await fetch(`/i18n/${language}.json`, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`i18n ${language}: ${response.status}`);
  return response.json();
}

/** Loads the strings; a screen must not render before this resolves. Retries: a display may boot before the Api. */
export async function ready() {
  for (let attempt = 0; ; attempt++) {
    try {
      strings = await load(lang);
      fallback = lang === 'zh-CN' ? strings : await load('zh-CN');
      document.documentElement.lang = lang;
      return;
    } catch {
      await new Promise(r => setTimeout(r, Math.min(30000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2)));
    }
  }
}

/** The string for key with {placeholders} filled in; the key itself if it is missing (visible, never silent). */
export function t(key, params = {}) {
  const template = strings[key] ?? fallback[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

export function has(key) {
  return key in strings || key in fallback;
}

/** The English name when reading in English and one exists; the Chinese name otherwise. */
export function nameOf(thing, field = 'name') {
  if (!thing) return '';
  const english = thing[`${field}En`];
  return lang === 'en' && english ? english : thing[field] ?? '';
}

/** Fills [data-i18n] text and [data-i18n-attr="attr:key;attr:key"] attributes under root. */
export function apply(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':');
      if (attribute && key) element.setAttribute(attribute.trim(), t(key.trim()));
    }
  }
}

/** A button that switches between Chinese and English, remembered on this device. */
export function mountLanguageSwitch(button) {
  button.textContent = t('lang.switch');
  button.setAttribute('aria-label', t('lang.switchLabel'));
  button.setAttribute('lang', lang === 'en' ? 'zh-CN' : 'en');
  button.addEventListener('click', () => {
    const next = lang === 'en' ? 'zh-CN' : 'en';
    try { localStorage.setItem(StorageKey, next); } catch { /* kiosk */ }
    const url = new URL(location.href);
    url.searchParams.delete('lang');
    if (url.href !== location.href) location.replace(url.href); else location.reload();
  });
}
