// The reconnect policy and the hub error parsing of the screens' live connection, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoff, hubErrorCode, retryDelay } from '../Api/wwwroot/js/live.js';

test('the reconnect delay never gives up, grows, is jittered and stays within 30 s', () => {
  const first = Array.from({ length: 200 }, () => backoff(0));
  assert.ok(first.every(d => d >= 500 && d <= 1000), 'the first retry comes within a second');
  const late = Array.from({ length: 200 }, (_, i) => backoff(5 + i * 50));
  assert.ok(late.every(d => Number.isFinite(d) && d >= 15_000 && d <= 30_000), 'late retries stay between 15 and 30 s, forever');
  assert.ok(new Set(late.map(d => Math.round(d))).size > 100, 'delays are jittered so screens do not reconnect in lockstep');
});

test('a hub refusal is read as its contract code', () => {
  assert.equal(hubErrorCode(new Error("An unexpected error occurred invoking 'Watch' on the server. HubException: not-found: canteen:x does not exist.")), 'not-found');
  assert.equal(hubErrorCode(new Error('invalid-id: \'X\' is not a valid id.')), 'invalid-id');
  assert.equal(hubErrorCode(new Error('Invocation canceled due to the underlying connection being closed.')), null);
});

test('a connection the server closed is retried at once, then every 0.5–1 s for a minute, then with the back-off', () => {
  assert.equal(retryDelay(0, 0, true), 0, 'the first retry after a server close is immediate');
  const restart = Array.from({ length: 200 }, (_, i) => retryDelay(1 + i, i * 250, true));
  assert.ok(restart.every(d => d >= 500 && d <= 1000), 'about every second while the node restarts');
  assert.ok(retryDelay(40, 61_000, true) >= 15_000, 'after a minute away the usual back-off applies');
  assert.ok(retryDelay(0, 0, false) >= 500, 'a lost connection (not closed by the server) backs off from the first retry');
});
