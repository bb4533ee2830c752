// REST calls with the contract's problems turned into sentences a resident can read.
// Every call carries the tab's bearer token when someone is signed in (session.js); a refused token signs the tab out.
import { t, has } from './i18n.js';
import { accessToken, tokenRefused } from './session.js';

/** The outcome of a call: { ok, status, body, code }. A network failure has status 0 and code 'network'. */
async function call(method, url, { body, headers = {} } = {}) {
  let response;
  const token = accessToken();
  try {
    response = await fetch(url, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    return { ok: false, status: 0, code: 'network', body: null, retryAfter: null };
  }
  let parsed = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = null; }
  }
  const code = response.ok ? null : parsed?.code ?? (response.status === 404 ? 'not-found' : `http-${response.status}`);
  if (response.status === 401 && token) tokenRefused(token);
  const retryAfter = Number(response.headers.get('Retry-After'));
  return { ok: response.ok, status: response.status, code, body: parsed, retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
}

export const getJson = url => call('GET', url);

/** A PUT (an upsert: safe to repeat as it is). */
export const putJson = (url, body) => call('PUT', url, { body });

/** A POST or DELETE sent once, for administration where the page shows the outcome and the admin decides. */
export const postJson = (url, body) => call('POST', url, { body });
export const deleteJson = url => call('DELETE', url);

/** A Chinese (or English) sentence for a problem code; unknown codes still say something useful. */
export function problemSentence(code) {
  const key = `problem.${code}`;
  return has(key) ? t(key) : t('problem.unknown', { code });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * A POST or DELETE that may be repeated safely: one Idempotency-Key for all attempts. A 503 or a lost
 * connection leaves the outcome unknown, so it is sent again with the same key (bounded; the caller shows
 * the last problem if it never settles). onRetry lets the page say it is retrying.
 */
export async function sendIdempotent(method, url, body, { attempts = 6, onRetry } = {}) {
  const key = crypto.randomUUID();
  let outcome;
  for (let attempt = 0; attempt < attempts; attempt++) {
    outcome = await call(method, url, { body, headers: { 'Idempotency-Key': key } });
    const unknown = outcome.status === 503 || outcome.status === 0;
    const busy = outcome.status === 409 && outcome.code === 'request-in-progress';
    if (!unknown && !busy) return outcome;
    if (attempt + 1 < attempts) {
      onRetry?.(attempt + 1);
      const backoff = Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(outcome.retryAfter ? Math.min(outcome.retryAfter * 1000, 10000) : backoff);
    }
  }
  return outcome;
}

export const postIdempotent = (url, body, options) => sendIdempotent('POST', url, body, options);
export const deleteIdempotent = (url, options) => sendIdempotent('DELETE', url, undefined, options);
