// One SignalR connection per page to the contract's hub /hubs/occupancy.
// It never gives up: automatic reconnect with a policy that always answers a delay, and an outer loop for a
// start that fails or a connection that closes anyway. After every (re)connect each topic is watched again,
// and the snapshot the hub answers replaces whatever the page showed (resync). A topic is stale when the
// connection is down or nothing was heard about it for 30 s (the hub re-sends every watched topic at least
// every 20 s), and the page must say so.
// The tab's bearer token (session.js) rides along as access_token; the hub closes a connection whose token
// expires, and the reconnect picks up the renewed one. Signing in or out starts a fresh connection.
// A connection the server closed (an Api node stopping for a restart, a token expiring) is retried at once and then
// about every second for a minute, without the growing back-off: the node is expected back within seconds, and
// waiting out a long back-off would keep the screen stale long after it is. A connection lost otherwise (a network
// failure, a crashed node) backs off as usual. (The hub allows SignalR's stateful reconnect, but the screens do not
// ask for it yet: see web-tests/stateful-reconnect.pending.mjs.)
/* global signalR */
import { accessToken } from './session.js';

export const StaleAfterMs = 30_000;
const MaxBackoffMs = 30_000;
/** How long after the server closed the connection the page keeps retrying about every second. */
const RestartWindowMs = 60_000;
const WatchBatch = 100;
// Codes that will not change by trying again: the page shows them instead of retrying.
const PermanentCodes = new Set(['not-found', 'invalid-id', 'invalid-request', 'forbidden', 'unauthenticated']);

/** Exponential backoff with jitter: 0.5–1 s, 1–2 s, 2–4 s … up to 15–30 s, forever. */
export function backoff(attempt) {
  const ceiling = Math.min(MaxBackoffMs, 1000 * 2 ** Math.min(attempt, 10));
  return ceiling * (0.5 + Math.random() / 2);
}

/**
 * The delay before reconnect attempt number attempt (0 = the first) after the connection was lost elapsedMs ago:
 * when the server closed it, at once and then every 0.5–1 s for a minute; otherwise, and after that minute, backoff.
 */
export function retryDelay(attempt, elapsedMs, serverClosed) {
  if (serverClosed && attempt === 0) return 0;
  if (serverClosed && elapsedMs < RestartWindowMs) return 500 + Math.random() * 500;
  return backoff(serverClosed ? attempt - 1 : attempt);
}

/**
 * The hub's JSON protocol, telling the page when the server closes the connection (a close message: the server is
 * stopping or ended the connection on purpose), which a dropped socket does not.
 */
function closeAwareProtocol(onServerClose) {
  const json = new signalR.JsonHubProtocol();
  return {
    name: json.name,
    version: json.version,
    transferFormat: json.transferFormat,
    writeMessage: message => json.writeMessage(message),
    parseMessages(input, logger) {
      const messages = json.parseMessages(input, logger);
      if (messages.some(message => message.type === signalR.MessageType.Close)) onServerClose();
      return messages;
    },
  };
}

/** Shows how the page is reconnecting, to anyone who inspects a screen (and to the browser tests). */
function recordRetry(cause, delayMs) {
  document.documentElement.dataset.reconnectCause = cause;
  document.documentElement.dataset.reconnectDelays = [document.documentElement.dataset.reconnectDelays, Math.round(delayMs)]
    .filter(value => value !== undefined && value !== '').join(' ');
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** How many reconnect attempts the page has made since it last had the hub: shown to anyone who inspects a screen. */
function countAttempt(attempt) {
  document.documentElement.dataset.reconnectAttempts = String(attempt);
}

/** The contract code at the start of a HubException message ("not-found: …"), else null. */
export function hubErrorCode(error) {
  const message = String(error?.message ?? error ?? '');
  const afterType = message.includes('HubException:') ? message.slice(message.indexOf('HubException:') + 13) : message;
  const match = /^\s*([a-z][a-z-]*[a-z]):/.exec(afterType);
  return match ? match[1] : null;
}

export class Live {
  #connection;
  #connected = false;
  #topics = new Map(); // topic → { snapshot, version, heardAt, handlers, errorHandlers, error, retry }
  #statusListeners = new Set();
  #lastStatusKey = '';
  #starting = false;
  #queued = new Set();
  #serverClosed = false;

  constructor(hubUrl = '/hubs/occupancy') {
    this.#connection = new signalR.HubConnectionBuilder()
      .withUrl(hubUrl, { accessTokenFactory: () => accessToken() ?? '' })
      .withHubProtocol(closeAwareProtocol(() => { this.#serverClosed = true; }))
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: context => {
          countAttempt(context.previousRetryCount + 1);
          const delay = retryDelay(context.previousRetryCount, context.elapsedMilliseconds, this.#serverClosed);
          recordRetry(this.#serverClosed ? 'server-closed' : 'lost', delay);
          return delay;
        },
      })
      // A short network blip (a Wi-Fi hand-over) resumes the same connection, and the pushes sent meanwhile are
      // replayed; when resuming fails, the automatic reconnect above takes over.
      .withStatefulReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    // A silent server is noticed by the 30 s server timeout; the hub's keep-alive is 15 s.
    this.#connection.serverTimeoutInMilliseconds = 30_000;
    this.#connection.on('changed', (topic, snapshot) => this.#accept(topic, snapshot));
    this.#connection.onreconnecting(() => this.#setConnected(false));
    this.#connection.onreconnected(() => {
      countAttempt(0);
      this.#serverClosed = false;
      this.#setConnected(true);
      this.#watchAll();
    });
    this.#connection.onclose(() => {
      this.#setConnected(false);
      this.#startLoop();
    });
    setInterval(() => this.#publishStatus(), 1000);
  }

  get connected() { return this.#connected; }

  /**
   * Someone signed in or out: drop the connection so the next one carries the new token, and give every topic
   * (also one refused before, e.g. forbidden to an anonymous visitor) another chance.
   */
  restart() {
    for (const entry of this.#topics.values()) {
      entry.error = null;
      entry.attempts = 0;
    }
    if (this.#connection.state === signalR.HubConnectionState.Disconnected) this.#startLoop();
    else this.#connection.stop().catch(() => { /* onclose starts it again */ });
  }

  /** Starts connecting (and keeps at it). Safe to call more than once. */
  start() {
    this.#startLoop();
    return this;
  }

  /**
   * Watches a topic: onSnapshot(snapshot, topic) runs for the first snapshot and every newer version;
   * onError(code) when the hub refuses the topic for good (not-found, invalid-id …). Returns an unwatch function.
   */
  watch(topic, onSnapshot, onError) {
    let entry = this.#topics.get(topic);
    const fresh = !entry;
    if (!entry) {
      entry = { snapshot: null, version: -1, heardAt: 0, handlers: new Set(), errorHandlers: new Set(), error: null, retry: null, attempts: 0 };
      this.#topics.set(topic, entry);
    }
    entry.handlers.add(onSnapshot);
    if (onError) entry.errorHandlers.add(onError);
    if (entry.snapshot) onSnapshot(entry.snapshot, topic);
    if (entry.error && onError) onError(entry.error);
    if (fresh && this.#connected) this.#queueWatch(topic);
    return () => this.unwatch(topic, onSnapshot, onError);
  }

  unwatch(topic, onSnapshot, onError) {
    const entry = this.#topics.get(topic);
    if (!entry) return;
    entry.handlers.delete(onSnapshot);
    if (onError) entry.errorHandlers.delete(onError);
    if (entry.handlers.size > 0) return;
    clearTimeout(entry.retry);
    this.#topics.delete(topic);
    if (this.#connected) this.#connection.invoke('Unwatch', topic).catch(() => { /* the hub forgets on disconnect anyway */ });
  }

  /** Topics added in the same turn (a dashboard, a list of sessions) are watched with one WatchMany. */
  #queueWatch(topic) {
    this.#queued.add(topic);
    if (this.#queued.size > 1) return;
    queueMicrotask(() => {
      const topics = [...this.#queued].filter(t => this.#topics.has(t));
      this.#queued.clear();
      for (let i = 0; i < topics.length; i += WatchBatch) this.#watchTopics(topics.slice(i, i + WatchBatch));
    });
  }

  snapshot(topic) { return this.#topics.get(topic)?.snapshot ?? null; }

  /** True when the page must not present this topic's numbers as current. */
  isStale(topic) {
    const entry = this.#topics.get(topic);
    if (!entry || entry.error) return false;
    return !this.#connected || !entry.snapshot || Date.now() - entry.heardAt > StaleAfterMs;
  }

  /** True when any watched topic is stale. */
  anyStale() {
    for (const topic of this.#topics.keys()) if (this.isStale(topic)) return true;
    return false;
  }

  /** listener({ connected, stale: [topics] }) runs whenever the connection or a topic's freshness changes. */
  onStatus(listener) {
    this.#statusListeners.add(listener);
    listener(this.#status());
    return () => this.#statusListeners.delete(listener);
  }

  #status() {
    const stale = [...this.#topics.keys()].filter(topic => this.isStale(topic));
    return { connected: this.#connected, stale };
  }

  #publishStatus() {
    const status = this.#status();
    const key = `${status.connected}|${status.stale.join(',')}`;
    if (key === this.#lastStatusKey) return;
    this.#lastStatusKey = key;
    document.documentElement.dataset.live = status.connected ? (status.stale.length ? 'stale' : 'live') : 'disconnected';
    for (const listener of this.#statusListeners) listener(status);
  }

  #setConnected(connected) {
    this.#connected = connected;
    this.#publishStatus();
  }

  async #startLoop() {
    if (this.#starting) return;
    this.#starting = true;
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.#connection.state === signalR.HubConnectionState.Connected) break;
        if (this.#connection.state === signalR.HubConnectionState.Disconnected) {
          try {
            await this.#connection.start();
            break;
          } catch { /* the Api may be down for a long time: keep trying */ }
        }
        countAttempt(attempt + 1);
        await sleep(backoff(attempt));
      }
      countAttempt(0);
      this.#serverClosed = false;
      this.#setConnected(true);
      this.#watchAll();
    } finally {
      this.#starting = false;
    }
  }

  #watchAll() {
    for (const entry of this.#topics.values()) {
      clearTimeout(entry.retry);
      entry.retry = null;
    }
    const topics = [...this.#topics.entries()].filter(([, entry]) => !entry.error).map(([topic]) => topic);
    for (let i = 0; i < topics.length; i += WatchBatch) this.#watchTopics(topics.slice(i, i + WatchBatch));
  }

  /** WatchMany for the batch; if the hub refuses it, topic by topic so one bad topic cannot hide the others. */
  async #watchTopics(topics) {
    if (topics.length === 0) return;
    try {
      const snapshots = topics.length === 1
        ? [await this.#connection.invoke('Watch', topics[0])]
        : await this.#connection.invoke('WatchMany', topics);
      topics.forEach((topic, i) => this.#accept(topic, snapshots[i]));
    } catch (error) {
      if (topics.length > 1) {
        for (const topic of topics) await this.#watchTopics([topic]);
        return;
      }
      this.#refused(topics[0], error);
    }
  }

  #refused(topic, error) {
    const entry = this.#topics.get(topic);
    if (!entry) return;
    const code = hubErrorCode(error);
    if (code && PermanentCodes.has(code)) {
      entry.error = code;
      for (const handler of entry.errorHandlers) handler(code);
      this.#publishStatus();
      return;
    }
    // Transient (a silo restarting, storage down, connection lost): try this topic again later.
    if (!this.#connected) return; // the reconnect will watch it again
    entry.retry = setTimeout(() => {
      entry.retry = null;
      if (this.#connected && this.#topics.get(topic) === entry) this.#watchTopics([topic]);
    }, backoff(entry.attempts++));
  }

  /** Keeps the highest version; an older push is ignored; the same version is a heartbeat. */
  #accept(topic, snapshot) {
    const entry = this.#topics.get(topic);
    if (!entry || !snapshot) return;
    const version = Number(snapshot.version ?? 0);
    if (version < entry.version) return;
    entry.heardAt = Date.now();
    entry.attempts = 0;
    const newer = version > entry.version || !entry.snapshot;
    if (newer) {
      entry.version = version;
      entry.snapshot = snapshot;
      for (const handler of entry.handlers) handler(snapshot, topic);
    }
    this.#publishStatus();
  }
}

/** The page's one connection, started on first use. */
let shared;
export function live() {
  shared ??= new Live().start();
  return shared;
}
