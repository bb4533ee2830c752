// Runs after the other browser tests (files run in name order): the logs of every process they started — Azurite,
// silos, Api nodes — must not hold a phone number, a PIN, a password, a bearer token or a demo member's id, though the
// tests sign in, look members up by phone, book for members and watch with access_token on the hub's address (Orleans
// names grain ids in its own lines, and a member grain's key is the member id: the hosts show it as member/*).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, artifacts } from './system.mjs';

const logs = join(artifacts, 'logs');
const jwt = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

/** Every value of a key named like a secret or a phone number anywhere in a JSON document. */
function secretValues(node, found = new Set()) {
  if (Array.isArray(node)) node.forEach(item => secretValues(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (/^(phone|pin|password)$/i.test(key) && typeof value === 'string' && value.length >= 4) found.add(value);
      else secretValues(value, found);
    }
  }
  return found;
}

/** The demo members' ids (members and their family), as the catalog names them. */
function memberIds(catalog) {
  return new Set((catalog.members ?? []).flatMap(member => [member.id, ...(member.family ?? [])]));
}

/** Phone numbers and PINs the browser tests type (string literals in the test files that look like them). */
function typedSecrets() {
  const found = new Set();
  for (const file of readdirSync(join(root, 'web-tests')).filter(f => f.endsWith('.mjs') && !f.startsWith('zz-'))) {
    const text = readFileSync(join(root, 'web-tests', file), 'utf8');
    for (const [, phone] of text.matchAll(/['"`](1[3-9][0-9]{9})['"`]/g)) found.add(phone);
    for (const [, pin] of text.matchAll(/pin\s*[:=]\s*['"`]([0-9]{4,8})['"`]/gi)) found.add(pin);
    for (const [, password] of text.matchAll(/password\s*[:=]\s*['"`]([^'"`]{6,})['"`]/gi)) found.add(password);
  }
  return found;
}

test('no phone number, PIN, password, token or member id reaches the logs of the system the browser tests ran', () => {
  assert.ok(existsSync(logs), `no logs at ${logs}: the browser tests did not run before this one`);
  const files = readdirSync(logs).filter(f => f.endsWith('.log') && !f.startsWith('azurite'));
  assert.ok(files.some(f => f.startsWith('api')), `no Api log among ${files.join(', ')}`);
  const catalog = JSON.parse(readFileSync(join(root, 'Grains/Catalog/demo-catalog.json'), 'utf8'));
  const secrets = [...secretValues(catalog), ...typedSecrets(), ...memberIds(catalog)];
  assert.ok(secrets.length > 0, 'found no phone numbers or PINs to look for');

  const leaks = [];
  for (const file of files) {
    const text = readFileSync(join(logs, file), 'utf8');
    for (const secret of secrets) {
      // Standing alone, not inside a longer number or a duration such as 0.2468ms.
      const alone = new RegExp(`(?<![0-9A-Za-z.])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`);
      if (alone.test(text)) leaks.push(`${file}: ${secret.slice(0, 3)}…`);
    }
    for (const [token] of text.matchAll(jwt)) leaks.push(`${file}: a token ${token.slice(0, 12)}…`);
  }
  assert.deepEqual(leaks, [], `secrets in the logs:\n${leaks.join('\n')}`);
});
