// Who is signed in on this tab: the bearer token the Api minted, kept in the tab's session storage only (closing
// the tab signs out; no cookie, so no cross-site request can ride on it). Renewed silently when two thirds of
// its lifetime have passed; when renewal is refused the tab is signed out and the page shows its sign-in form.

const StorageKey = 'occupancy.token';
const RenewAt = 2 / 3;
const RetryMs = 5_000;
const listeners = new Set();
let renewTimer = null;

/** The claims part of a JWT (iat, exp …), or null when it cannot be read. */
function claimsOf(accessToken) {
  try {
    const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

// When session storage is unavailable (a locked-down browser) the page still works until it is closed.
let memory = null;

function read() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(StorageKey) ?? 'null');
    return saved && typeof saved.accessToken === 'string' ? saved : null;
  } catch {
    return memory;
  }
}

/**
 * When the token expires by this device's clock: its lifetime (the token's exp − iat) counted from when it arrived,
 * so a phone whose clock is minutes off neither signs out at once nor keeps a dead token.
 */
function expiresAtMs(session) {
  if (Number.isFinite(session?.localExpiresAt)) return session.localExpiresAt;
  const at = Date.parse(session?.expiresAt ?? '');
  if (Number.isFinite(at)) return at;
  const exp = claimsOf(session?.accessToken ?? '')?.exp;
  return Number.isFinite(exp) ? exp * 1000 : 0;
}

/** The signed-in session { accessToken, expiresAt, role, memberId?, sites?, name? }, or null (none, or expired). */
export function current() {
  const session = read();
  if (!session) return null;
  if (expiresAtMs(session) <= Date.now()) {
    // Expired without a renewal (the device slept, the Api was away): the page hears it and shows its form.
    forget();
    queueMicrotask(() => notify('expired'));
    return null;
  }
  return session;
}

/** The bearer token for the Api and the hub; null when nobody is signed in. */
export function accessToken() {
  return current()?.accessToken ?? null;
}

export const isStaff = session => session?.role === 'staff' || session?.role === 'admin';
export const isAdmin = session => session?.role === 'admin';

/** True when a staff (or admin) session may act at the site. */
export function isStaffOf(session, siteId) {
  return isAdmin(session) || (session?.role === 'staff' && (session.sites ?? []).includes(siteId));
}

/** listener(session | null, reason) runs after a sign-in, a renewal ('renewed') or a sign-out ('signed-out', 'expired'). */
export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(reason) {
  const session = current();
  for (const listener of listeners) listener(session, reason);
}

function forget() {
  clearTimeout(renewTimer);
  renewTimer = null;
  memory = null;
  try { sessionStorage.removeItem(StorageKey); } catch { /* storage off: nothing kept */ }
}

function keep(answer, previous = null) {
  const claims = claimsOf(answer.accessToken);
  const lifetime = Number.isFinite(claims?.exp) && Number.isFinite(claims?.iat)
    ? (claims.exp - claims.iat) * 1000
    : Date.parse(answer.expiresAt) - Date.now();
  const session = {
    accessToken: answer.accessToken,
    expiresAt: answer.expiresAt,
    role: answer.role,
    memberId: answer.memberId ?? previous?.memberId ?? undefined,
    sites: answer.sites ?? previous?.sites ?? undefined,
    name: answer.name ?? previous?.name ?? undefined,
    issuedAt: new Date().toISOString(),
    localExpiresAt: Number.isFinite(lifetime) ? Date.now() + lifetime : undefined,
  };
  memory = session;
  try { sessionStorage.setItem(StorageKey, JSON.stringify(session)); } catch { /* storage off: kept in memory only */ }
  schedule(session);
  return session;
}

/** Outcome of an auth POST: { ok, status, code, body, retryAfter }. */
async function post(url, body, headers = {}) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body ?? {}),
      cache: 'no-store',
      credentials: 'omit',
    });
    let parsed = null;
    try { parsed = await response.json(); } catch { parsed = null; }
    const retryAfter = Number(response.headers.get('Retry-After'));
    return {
      ok: response.ok && typeof parsed?.accessToken === 'string',
      status: response.status,
      code: response.ok ? (typeof parsed?.accessToken === 'string' ? null : 'unknown') : parsed?.code ?? (response.status === 404 ? 'not-found' : `http-${response.status}`),
      body: parsed,
      retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    };
  } catch {
    return { ok: false, status: 0, code: 'network', body: null, retryAfter: null };
  }
}

/**
 * Signs in; accept(answer) may refuse a role this page is not for (it answers the sentence why), and then the
 * token is dropped before anyone hears of it: the tab stays as it was.
 */
async function signInWith(url, body, accept) {
  const answer = await post(url, body);
  if (!answer.ok) return answer;
  const refusal = accept?.(answer.body) ?? null;
  if (refusal) return { ...answer, ok: false, refusal };
  keep(answer.body);
  notify('signed-in');
  return answer;
}

/** A resident signs in with the card number and the PIN set at the desk. */
export const signInResident = (cardNumber, pin, accept) => signInWith('/api/auth/resident', { cardNumber, pin }, accept);

/** Staff (and admins) sign in with the username and password an admin gave them. */
export const signInStaff = (username, password, accept) => signInWith('/api/auth/staff', { username, password }, accept);

/** A device (the entrance kiosk) signs in with the id and secret an administrator created for it. */
export const signInDevice = (deviceId, secret, accept) => signInWith('/api/auth/device', { deviceId, secret }, accept);

/** A demo identity (loopback only, demo catalog only). */
export const signInDemo = (id, accept) => signInWith(`/api/auth/demo/${encodeURIComponent(id)}`, {}, accept);

/** The demo identities [{ id, role, label }] when the Api offers them to this client; [] otherwise. */
export async function demoIdentities() {
  try {
    const response = await fetch('/api/auth/demo', { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'omit' });
    if (!response.ok) return [];
    const list = await response.json();
    return Array.isArray(list) ? list.filter(d => d && typeof d.id === 'string') : [];
  } catch {
    return [];
  }
}

/** Signs out of this tab (the token is simply dropped; it dies by itself within its short lifetime). */
export function signOut(reason = 'signed-out') {
  const had = Boolean(read());
  forget();
  if (had) notify(reason);
}

/** Renews now; on refusal signs out ('expired'); on a network failure tries again until the token expires. */
async function renew() {
  renewTimer = null;
  const session = current(); // an expired one is dropped there, and the page told
  if (!session) return;
  const answer = await post('/api/auth/refresh', {}, { Authorization: `Bearer ${session.accessToken}` });
  if (read()?.accessToken !== session.accessToken) return; // signed out or signed in again meanwhile
  if (answer.ok) {
    keep(answer.body, session);
    notify('renewed');
    return;
  }
  const transient = answer.status === 0 || answer.status >= 500 || answer.status === 429;
  const left = expiresAtMs(session) - Date.now();
  if (transient && left > RetryMs) {
    renewTimer = setTimeout(renew, Math.min(RetryMs * 2, left / 2));
    return;
  }
  signOut('expired');
}

function schedule(session) {
  clearTimeout(renewTimer);
  const expires = expiresAtMs(session);
  const issued = Date.parse(session.issuedAt ?? '') || Date.now();
  const renewAt = issued + (expires - issued) * RenewAt;
  renewTimer = setTimeout(renew, Math.max(0, renewAt - Date.now()));
}

/** Called by api.js when the Api refuses this tab's token (401): it is expired, revoked or foreign. */
export function tokenRefused(sentToken) {
  if (sentToken && sentToken === accessToken()) signOut('expired');
}

// A reload keeps the tab signed in: pick the renewal up where it was.
{
  const session = current();
  if (session) schedule(session);
}
