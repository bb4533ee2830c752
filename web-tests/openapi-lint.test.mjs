// The public OpenAPI document (docs/openapi.json) passes Redocly's recommended rules (redocly.yaml): no error, no
// warning. No browser or running system needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const redocly = join(root, 'node_modules', '.bin', 'redocly');

test('docs/openapi.json lints with 0 errors and 0 warnings under the recommended rules', () => {
  assert.ok(existsSync(redocly), 'node_modules/.bin/redocly is missing: run npm ci');
  const run = spawnSync(redocly, ['lint', 'docs/openapi.json', '--config', 'redocly.yaml', '--format=json'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    assert.fail(`redocly lint did not answer JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const problems = report.problems
    .map(p => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.map(l => l.pointer).join(', ')}`)
    .join('\n');
  assert.deepEqual({ errors: report.totals.errors, warnings: report.totals.warnings }, { errors: 0, warnings: 0 },
    `redocly lint docs/openapi.json (refresh it with scripts/openapi.sh):\n${problems}`);
});
