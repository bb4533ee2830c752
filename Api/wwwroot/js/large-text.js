// Large-text mode, shared by /book and the kiosk: one <script src="/js/large-text.js"></script> in the <head> (not
// deferred, so the choice applies before the first paint) plus <link rel="stylesheet" href="/css/large-text.css">.
// The choice is remembered on this device (localStorage), and shown as html[data-large-text="true"] for the CSS.
// The toggle is a real <button aria-pressed>: reachable with Tab, switched with Enter or Space. It goes into any
// element marked [data-large-text-toggle] (an empty <button> or a container); with none, into the page header's
// .head-actions, and failing that it is added at the top of <body>.
// A classic script on purpose (no import/export): it works included as a plain script or as a module.
(() => {
  const StorageKey = 'occupancy.largeText';
  const root = document.documentElement;

  function remembered() {
    try { return localStorage.getItem(StorageKey) === 'on'; } catch { return false; } // storage may be off on a kiosk
  }

  function isOn() { return root.dataset.largeText === 'true'; }

  const buttons = new Set();

  /** The label follows the page's language (i18n.js sets <html lang> once its strings are loaded). */
  function label(button) {
    const english = (root.lang || '').toLowerCase().startsWith('en');
    button.textContent = english ? 'Large text' : '大字';
    button.lang = english ? 'en' : 'zh-CN';
    button.title = english ? 'Larger letters on this device' : '在本设备上放大文字';
    button.setAttribute('aria-pressed', String(isOn()));
  }

  function set(on, { remember = true } = {}) {
    root.dataset.largeText = String(Boolean(on));
    if (remember) {
      try { localStorage.setItem(StorageKey, on ? 'on' : 'off'); } catch { /* kiosk without storage: this visit only */ }
    }
    for (const button of buttons) label(button);
    document.dispatchEvent(new CustomEvent('largetextchange', { detail: { on: Boolean(on) } }));
  }

  function toggle() { set(!isOn()); }

  function makeButton() {
    const button = document.createElement('button');
    button.type = 'button';
    return button;
  }

  function adopt(button) {
    if (buttons.has(button)) return;
    buttons.add(button);
    button.classList.add('large-text-toggle');
    button.dataset.largeTextToggle = '';
    label(button);
    button.addEventListener('click', toggle);
  }

  function mount() {
    const marked = [...document.querySelectorAll('[data-large-text-toggle]')];
    for (const place of marked) {
      if (place instanceof HTMLButtonElement) adopt(place);
      else if (!place.querySelector('button.large-text-toggle')) { const button = makeButton(); place.append(button); adopt(button); }
    }
    if (buttons.size) return;
    const button = makeButton();
    const actions = document.querySelector('.page-head .head-actions, .head-actions');
    if (actions) actions.prepend(button);
    else { button.classList.add('floating'); document.body.prepend(button); }
    adopt(button);
  }

  root.dataset.largeText = String(remembered());
  new MutationObserver(() => { for (const button of buttons) label(button); }).observe(root, { attributes: true, attributeFilter: ['lang'] });
  // Another tab on the same device changed it: follow, without writing it back.
  window.addEventListener('storage', event => { if (event.key === StorageKey) set(event.newValue === 'on', { remember: false }); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();

  /** For pages that want to react (the kiosk re-lays its pad): LargeText.isOn(), .set(bool), .toggle(), event 'largetextchange'. */
  globalThis.LargeText = Object.freeze({ isOn, set, toggle, mount });
})();
