// Administration /admin: staff accounts (add, replace, remove) and device credentials (create for a facility, a
// canteen or a site's entrance kiosk, revoke). Admins only: anyone else sees the sign-in form and nothing more.
// A device's secret is in the answer to its creation only, so the page shows it once, with a way to copy it.
import { ready, t, nameOf, apply, mountLanguageSwitch } from './i18n.js';
import { getJson, putJson, postJson, deleteJson, problemSentence } from './api.js';
import { el } from './screen.js';
import { localDate, localTime, DefaultTimeZone } from './format.js';
import { current, onChange, isAdmin, accessToken } from './session.js';
import { signInForm, demoPanel, whoIsSignedIn, expiredNote } from './signin.js';

await ready();
apply();
document.title = t('admin.title');
mountLanguageSwitch(document.getElementById('lang-switch'));

const $ = id => document.getElementById(id);
const ExpiredFlag = 'occupancy.admin.expired';
const UsernamePattern = /^[a-z0-9][a-z0-9.-]{0,63}$/;
const MinPassword = 10;

onChange(async (session, reason) => {
  // While this page stays signed in, an open cluster dashboard keeps a cookie as fresh as the renewed token.
  if (reason === 'renewed') { if (clusterOpened) await clusterSession(); return; }
  if (reason === 'expired') try { sessionStorage.setItem(ExpiredFlag, '1'); } catch { /* the note is a nicety */ }
  await dropClusterSession();
  location.reload();
});

const places = { sites: [], byKey: new Map() }; // 'site:x' | 'facility:x' | 'canteen:x' → { label }
const siteName = id => nameOf(places.sites.find(s => s.id === id)) || id;

const session = current();
if (isAdmin(session)) await adminView(session); else await signInView(session);

async function signInView(signedIn) {
  let expired = false;
  try { expired = sessionStorage.getItem(ExpiredFlag) === '1'; sessionStorage.removeItem(ExpiredFlag); } catch { /* none */ }
  const main = $('main');
  main.replaceChildren(el('section', { class: 'card signin-card', 'aria-labelledby': 'signin-title' }, [
    el('h2', { id: 'signin-title', text: t('signin.adminHeading') }),
    expired ? expiredNote() : null,
    signedIn ? el('p', { class: 'message', role: 'status', dataset: { kind: 'info' }, text: t('signin.adminOnly') }) : null,
    signInForm('staff', { accept: answer => (answer.role === 'admin' ? null : t('signin.adminOnly')) }),
  ]));
  const demo = await demoPanel({ only: identity => identity.role === 'admin' });
  if (demo) main.append(demo);
}

// ---------- the page for an admin ----------


async function adminView(signedIn) {
  const main = $('main');
  main.replaceChildren(
    whoIsSignedIn(signedIn),
    el('section', { 'aria-labelledby': 'staff-title', id: 'staff-section' }, [
      el('h2', { id: 'staff-title', text: t('admin.staffTitle') }),
      el('div', { id: 'staff-list' }, el('p', { class: 'muted', text: t('common.loading') })),
      el('div', { id: 'staff-message', class: 'message', role: 'status', 'aria-live': 'polite' }),
      el('div', { id: 'staff-form-slot' }),
    ]),
    el('section', { 'aria-labelledby': 'cluster-title', id: 'cluster-section' }, [
      el('h2', { id: 'cluster-title', text: t('admin.clusterTitle') }),
      el('p', { class: 'muted', text: t('admin.clusterHint') }),
      el('button', { type: 'button', id: 'cluster-open', text: t('admin.clusterOpen'), onclick: openClusterDashboard }),
      el('div', { id: 'cluster-message', class: 'message', role: 'status', 'aria-live': 'polite' }),
    ]),
    el('section', { 'aria-labelledby': 'devices-title', id: 'devices-section' }, [
      el('h2', { id: 'devices-title', text: t('admin.devicesTitle') }),
      el('div', { id: 'device-secret' }),
      el('div', { id: 'devices-list' }, el('p', { class: 'muted', text: t('common.loading') })),
      el('div', { id: 'devices-message', class: 'message', role: 'status', 'aria-live': 'polite' }),
      el('div', { id: 'device-form-slot' }),
    ]),
  );
  await loadPlaces();
  $('staff-form-slot').replaceChildren(staffForm());
  $('device-form-slot').replaceChildren(deviceForm());
  await Promise.all([loadStaff(), loadDevices()]);
}

// ---------- the cluster dashboard ----------

// A navigation cannot carry the bearer header: the Api turns this tab's token into a cookie for /admin/cluster only
// (HttpOnly, SameSite=Strict, read-only, gone when the token expires); renewed with the token, dropped at sign-out.
let clusterOpened = false;

async function clusterSession() {
  const token = accessToken();
  if (!token) return null;
  try {
    const response = await fetch('/admin/cluster/session', {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin',
    });
    if (!response.ok) return { ok: false, code: (await response.json().catch(() => null))?.code ?? `http-${response.status}` };
    return { ok: true, address: (await response.json()).address };
  } catch {
    return { ok: false, code: 'network' };
  }
}

async function dropClusterSession() {
  try { await fetch('/admin/cluster/session', { method: 'DELETE', cache: 'no-store', credentials: 'same-origin' }); } catch { /* it expires anyway */ }
}

async function openClusterDashboard() {
  // Opened at once (a window opened after an await is often blocked), and cut off from this page.
  const view = window.open('about:blank', '_blank');
  if (view) view.opener = null;
  const answer = await clusterSession();
  if (!answer?.ok) {
    view?.close();
    say('cluster', 'problem', problemSentence(answer?.code ?? 'unauthenticated'));
    return;
  }
  clusterOpened = true;
  say('cluster', 'info', '');
  if (view) view.location.href = answer.address; else location.assign(answer.address);
}

function say(section, kind, text) {
  const box = $(`${section}-message`);
  box.dataset.kind = kind;
  box.textContent = text;
}

/** Every site with its facilities and canteens: the choices for staff sites and device places, and their names. */
async function loadPlaces() {
  const sites = await getJson('/api/sites');
  places.sites = sites.ok && Array.isArray(sites.body) ? sites.body : [];
  const details = await Promise.all(places.sites.map(site => getJson(`/api/sites/${encodeURIComponent(site.id)}`)));
  places.sites.forEach((site, i) => {
    const full = details[i].ok ? details[i].body : {};
    site.facilities = full.facilities ?? [];
    site.canteens = full.canteens ?? [];
    places.byKey.set(`site:${site.id}`, t('admin.placeSite', { name: nameOf(site) }));
    for (const f of site.facilities) places.byKey.set(`facility:${f.id}`, t('admin.placeFacility', { name: nameOf(f), site: nameOf(site) }));
    for (const c of site.canteens) places.byKey.set(`canteen:${c.id}`, t('admin.placeCanteen', { name: nameOf(c), site: nameOf(site) }));
  });
}


/** When an instant happened, in the first site's zone (the centre's), as 2026-12-02 08:15. */
function at(instant) {
  const zone = places.sites[0]?.timeZone || DefaultTimeZone;
  return instant ? `${localDate(new Date(instant), zone)} ${localTime(instant, zone)}` : '';
}

/** A row's remove button that asks once more, in the row itself. */
function confirmButton(label, question, yes, action) {
  const cell = el('div', { class: 'row-actions' });
  const ask = () => cell.replaceChildren(
    el('span', { class: 'confirm-text', text: question }),
    el('button', { type: 'button', class: 'danger solid', text: yes, onclick: action }),
    el('button', { type: 'button', class: 'secondary', text: t('admin.keep'), onclick: reset }),
  );
  const reset = () => cell.replaceChildren(el('button', { type: 'button', class: 'danger', text: label, onclick: () => { ask(); cell.querySelector('.secondary').focus(); } }));
  reset();
  return cell;
}

// ---------- staff accounts ----------

async function loadStaff() {
  const answer = await getJson('/api/admin/staff');
  if (!answer.ok) {
    $('staff-list').replaceChildren(el('p', { class: 'message', dataset: { kind: 'problem' }, text: problemSentence(answer.code) }));
    return;
  }
  const accounts = (Array.isArray(answer.body) ? answer.body : []).slice().sort((a, b) => a.username.localeCompare(b.username));
  if (accounts.length === 0) {
    $('staff-list').replaceChildren(el('p', { class: 'muted', text: t('admin.noStaff') }));
    return;
  }
  $('staff-list').replaceChildren(el('div', { class: 'table-scroll' }, el('table', { class: 'admin-table', id: 'staff-table', 'aria-labelledby': 'staff-title' }, [
    el('thead', {}, el('tr', {}, ['admin.username', 'admin.name', 'admin.role', 'admin.sites', 'admin.actions']
      .map(key => el('th', { scope: 'col', text: t(key) })))),
    el('tbody', {}, accounts.map(account => el('tr', { dataset: { username: account.username } }, [
      el('td', { class: 'mono', dataset: { label: t('admin.username') }, text: account.username }),
      el('td', { dataset: { label: t('admin.name') }, text: account.name }),
      el('td', { dataset: { label: t('admin.role') }, text: t(`role.${String(account.role).toLowerCase()}`) }),
      el('td', { dataset: { label: t('admin.sites') }, text: String(account.role).toLowerCase() === 'admin' ? t('admin.allSites') : (account.sites ?? []).map(siteName).join('、') }),
      el('td', { class: 'actions-cell' }, el('div', { class: 'row-actions' }, [
        el('button', { type: 'button', class: 'secondary', text: t('admin.edit'), onclick: () => editStaff(account) }),
        confirmButton(t('admin.remove'), t('admin.removeConfirm', { username: account.username }), t('admin.removeYes'), () => removeStaff(account)),
      ])),
    ]))),
  ])));
}

async function removeStaff(account) {
  const answer = await deleteJson(`/api/admin/staff/${encodeURIComponent(account.username)}`);
  say('staff', answer.ok ? 'ok' : 'problem', answer.ok ? t('admin.staffRemoved', { username: account.username }) : problemSentence(answer.code));
  await loadStaff();
}

function editStaff(account) {
  const form = $('staff-form');
  form.querySelector('#staff-username').value = account.username;
  form.querySelector('#staff-name').value = account.name ?? '';
  form.querySelector('#staff-role').value = String(account.role).toLowerCase();
  for (const box of form.querySelectorAll('input[name="sites"]')) box.checked = (account.sites ?? []).includes(box.value);
  form.querySelector('#staff-password').value = '';
  form.querySelector('#staff-password-hint').textContent = t('admin.passwordKeepHint', { min: MinPassword });
  form.querySelector('#staff-username').focus();
  form.scrollIntoView({ block: 'start' });
}

function staffForm() {
  const sites = el('fieldset', { class: 'checks' }, [
    el('legend', { text: t('admin.sites') }),
    ...places.sites.map(site => el('label', { class: 'check' }, [
      el('input', { type: 'checkbox', name: 'sites', value: site.id }), ` ${nameOf(site)}`,
    ])),
    el('p', { class: 'hint', text: t('admin.sitesHint') }),
  ]);
  const form = el('form', { id: 'staff-form', class: 'card admin-form', novalidate: true, 'aria-labelledby': 'staff-form-title' }, [
    el('h3', { id: 'staff-form-title', text: t('admin.staffFormTitle') }),
    labelled('staff-username', t('admin.username'), el('input', { id: 'staff-username', name: 'username', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false', maxlength: '64', required: true, 'aria-describedby': 'staff-username-hint' }), t('admin.usernameHint'), 'staff-username-hint'),
    labelled('staff-name', t('admin.name'), el('input', { id: 'staff-name', name: 'name', autocomplete: 'off', maxlength: '100', required: true })),
    labelled('staff-role', t('admin.role'), el('select', { id: 'staff-role', name: 'role' }, [
      el('option', { value: 'staff', text: t('role.staff') }),
      el('option', { value: 'admin', text: t('role.admin') }),
    ])),
    sites,
    labelled('staff-password', t('admin.password'), el('input', { id: 'staff-password', name: 'password', type: 'password', autocomplete: 'new-password', maxlength: '200', 'aria-describedby': 'staff-password-hint' }), t('admin.passwordHint', { min: MinPassword }), 'staff-password-hint'),
    el('div', { class: 'row' }, [
      el('button', { type: 'submit', text: t('admin.save') }),
      el('button', { type: 'reset', class: 'secondary', text: t('admin.clear') }),
    ]),
  ]);
  form.addEventListener('reset', () => { form.querySelector('#staff-password-hint').textContent = t('admin.passwordHint', { min: MinPassword }); });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const username = form.querySelector('#staff-username').value.trim().toLowerCase();
    const name = form.querySelector('#staff-name').value.trim();
    const role = form.querySelector('#staff-role').value;
    const chosen = [...form.querySelectorAll('input[name="sites"]:checked')].map(box => box.value);
    const password = form.querySelector('#staff-password').value;
    const problem = !UsernamePattern.test(username) ? t('admin.usernameInvalid')
      : !name ? t('admin.nameMissing')
        : role === 'staff' && chosen.length === 0 ? t('admin.sitesMissing')
          : password && password.length < MinPassword ? t('admin.passwordShort', { min: MinPassword })
            : null;
    if (problem) {
      say('staff', 'problem', problem);
      return;
    }
    const body = { name, role, sites: role === 'admin' ? [] : chosen, ...(password ? { password } : {}) };
    const answer = await putJson(`/api/admin/staff/${encodeURIComponent(username)}`, body);
    if (answer.ok) {
      say('staff', 'ok', answer.status === 201 ? t('admin.staffCreated', { username }) : t('admin.staffSaved', { username }));
      form.reset();
      await loadStaff();
    } else {
      say('staff', 'problem', answer.status === 400 && !password && answer.body?.errors?.password
        ? t('admin.passwordNeeded', { min: MinPassword })
        : problemSentence(answer.code));
    }
  });
  return form;
}

function labelled(id, label, control, hint, hintId) {
  return el('div', { class: 'field' }, [
    el('label', { for: id, text: label }),
    control,
    hint ? el('p', { class: 'hint', id: hintId, text: hint }) : null,
  ]);
}

// ---------- device credentials ----------

function placeOf(device) {
  const key = device.facilityId ? `facility:${device.facilityId}` : device.canteenId ? `canteen:${device.canteenId}` : `site:${device.siteId}`;
  return places.byKey.get(key) ?? key;
}

async function loadDevices() {
  const answer = await getJson('/api/admin/devices');
  if (!answer.ok) {
    $('devices-list').replaceChildren(el('p', { class: 'message', dataset: { kind: 'problem' }, text: problemSentence(answer.code) }));
    return;
  }
  const devices = (Array.isArray(answer.body) ? answer.body : []).slice()
    .sort((a, b) => Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) || String(b.createdAt).localeCompare(String(a.createdAt)));
  if (devices.length === 0) {
    $('devices-list').replaceChildren(el('p', { class: 'muted', text: t('admin.noDevices') }));
    return;
  }
  $('devices-list').replaceChildren(el('div', { class: 'table-scroll' }, el('table', { class: 'admin-table', id: 'devices-table', 'aria-labelledby': 'devices-title' }, [
    el('thead', {}, el('tr', {}, ['admin.deviceName', 'admin.devicePlace', 'admin.deviceId', 'admin.createdAt', 'admin.state', 'admin.actions']
      .map(key => el('th', { scope: 'col', text: t(key) })))),
    el('tbody', {}, devices.map(device => el('tr', { dataset: { device: device.deviceId, revoked: String(Boolean(device.revokedAt)) } }, [
      el('td', { dataset: { label: t('admin.deviceName') }, text: device.name }),
      el('td', { dataset: { label: t('admin.devicePlace') }, text: placeOf(device) }),
      el('td', { class: 'mono', dataset: { label: t('admin.deviceId') }, text: device.deviceId }),
      el('td', { dataset: { label: t('admin.createdAt') }, text: at(device.createdAt) }),
      el('td', { class: 'state', dataset: { label: t('admin.state') }, text: device.revokedAt ? t('admin.revokedAt', { when: at(device.revokedAt) }) : t('admin.active') }),
      el('td', { class: 'actions-cell' }, device.revokedAt ? '' : confirmButton(t('admin.revoke'), t('admin.revokeConfirm', { name: device.name }), t('admin.revokeYes'), () => revokeDevice(device))),
    ]))),
  ])));
}

async function revokeDevice(device) {
  const answer = await deleteJson(`/api/admin/devices/${encodeURIComponent(device.deviceId)}`);
  say('devices', answer.ok ? 'ok' : 'problem', answer.ok ? t('admin.deviceRevoked', { name: device.name }) : problemSentence(answer.code));
  await loadDevices();
}

function deviceForm() {
  const groups = [
    ['admin.kioskGroup', places.sites.map(site => [`site:${site.id}`, places.byKey.get(`site:${site.id}`)])],
    ['admin.facilityGroup', places.sites.flatMap(site => site.facilities.map(f => [`facility:${f.id}`, places.byKey.get(`facility:${f.id}`)]))],
    ['admin.canteenGroup', places.sites.flatMap(site => site.canteens.map(c => [`canteen:${c.id}`, places.byKey.get(`canteen:${c.id}`)]))],
  ];
  const select = el('select', { id: 'device-place', name: 'place', required: true, 'aria-describedby': 'device-place-hint' }, [
    el('option', { value: '', text: t('admin.choosePlace') }),
    ...groups.filter(([, options]) => options.length).map(([label, options]) => el('optgroup', { label: t(label) },
      options.map(([value, text]) => el('option', { value, text })))),
  ]);
  const form = el('form', { id: 'device-form', class: 'card admin-form', novalidate: true, 'aria-labelledby': 'device-form-title' }, [
    el('h3', { id: 'device-form-title', text: t('admin.deviceFormTitle') }),
    labelled('device-name', t('admin.deviceName'), el('input', { id: 'device-name', name: 'name', autocomplete: 'off', maxlength: '100', required: true, 'aria-describedby': 'device-name-hint' }), t('admin.deviceNameHint'), 'device-name-hint'),
    labelled('device-place', t('admin.devicePlace'), select, t('admin.devicePlaceHint'), 'device-place-hint'),
    el('div', { class: 'row' }, el('button', { type: 'submit', text: t('admin.create') })),
  ]);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const name = form.querySelector('#device-name').value.trim();
    const place = form.querySelector('#device-place').value;
    if (!name || !place) {
      say('devices', 'problem', t('admin.deviceMissing'));
      return;
    }
    const [kind, id] = place.split(':');
    const answer = await postJson('/api/admin/devices', { name, [`${kind}Id`]: id });
    if (!answer.ok || !answer.body?.secret) {
      say('devices', 'problem', problemSentence(answer.code ?? 'unknown'));
      return;
    }
    say('devices', 'ok', t('admin.deviceCreated', { name }));
    showSecret(answer.body);
    form.reset();
    await loadDevices();
  });
  return form;
}

/** The new device's secret, once: shown until the admin closes it or leaves the page; never stored. */
function showSecret(device) {
  const code = el('code', { id: 'device-secret-value', class: 'secret', tabindex: '0', text: device.secret });
  const copied = el('span', { class: 'hint', role: 'status' });
  const copy = el('button', {
    type: 'button', text: t('admin.copy'),
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(device.secret);
        copied.textContent = t('admin.copied');
      } catch {
        // No clipboard (not a secure origin): select the text so Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(code);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        copied.textContent = t('admin.copySelect');
      }
    },
  });
  const box = el('div', { class: 'secret-box', role: 'region', 'aria-labelledby': 'secret-title' }, [
    el('h3', { id: 'secret-title', text: t('admin.secretTitle', { name: device.name }) }),
    el('p', { text: t('admin.secretOnce') }),
    el('dl', {}, [
      el('dt', { text: t('admin.deviceId') }), el('dd', {}, el('code', { class: 'mono', text: device.deviceId })),
      el('dt', { text: t('admin.secret') }), el('dd', {}, code),
    ]),
    el('div', { class: 'row' }, [
      copy,
      el('button', { type: 'button', class: 'secondary', text: t('admin.secretDone'), onclick: () => $('device-secret').replaceChildren() }),
    ]),
    copied,
  ]);
  $('device-secret').replaceChildren(box);
  code.focus();
}
