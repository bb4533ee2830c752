// test.sh's summary counts a test project that ran no test, or left no results, as a failure (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './system.mjs';

const trx = counters => `<?xml version="1.0"?><TestRun><ResultSummary><Counters ${counters} /></ResultSummary></TestRun>`;

function summarize(files) {
  const dir = mkdtempSync(join(tmpdir(), 'occupancy-summary-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const run = spawnSync(process.execPath, [join(root, 'scripts/test-summary.mjs'), dir], { encoding: 'utf8' });
    return { code: run.status, last: run.stdout.trim().split('\n').at(-1), out: run.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('projects that ran tests pass', () => {
  const r = summarize({ 'A.expected': '', 'A.trx': trx('total="3" executed="3" passed="3" failed="0"'), 'web-tests.expected': '', 'web-tests.tap': '# pass 2\n# fail 0\n' });
  assert.equal(r.code, 0, r.out);
  assert.equal(r.last, '5 passed, 0 failed');
});

test('a project missing from the results (crashed before writing them) fails the run', () => {
  const r = summarize({ 'A.expected': '', 'A.trx': trx('passed="3" failed="0"'), 'B.expected': '' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /B: .*missing/);
  assert.equal(r.last, '3 passed, 1 failed');
});

test('a project that ran zero tests, or skipped them all, fails the run', () => {
  assert.equal(summarize({ 'A.expected': '', 'A.trx': trx('total="0" passed="0" failed="0"') }).code, 1);
  const skipped = summarize({ 'A.expected': '', 'A.trx': trx('total="2" notExecuted="2" passed="0" failed="0"') });
  assert.equal(skipped.code, 1, skipped.out);
  assert.match(skipped.out, /ran no test/);
});

test('a crashed host with no failed test fails the run', () => {
  const r = summarize({ 'A.expected': '', 'A.trx': trx('passed="3" failed="0"'), 'A.exitcode': '134' });
  assert.equal(r.code, 1, r.out);
});

test('the names of failed tests and their first message line close the summary', () => {
  const failedTrx = `<?xml version="1.0"?><TestRun><Results>
<UnitTestResult testId="1" testName="Ns.Tests.Passes" outcome="Passed"></UnitTestResult>
<UnitTestResult testId="2" testName="Ns.Tests.Breaks &amp; tells why" duration="0" outcome="Failed"><Output><ErrorInfo><Message>Assert.Equal() Failure
Expected: 30</Message></ErrorInfo></Output></UnitTestResult>
</Results><ResultSummary><Counters passed="1" failed="1" /></ResultSummary></TestRun>`;
  const r = summarize({ 'A.expected': '', 'A.trx': failedTrx, 'web-tests.tap': 'not ok 3 - a display goes stale\n# pass 0\n# fail 1\n' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /A: Ns\.Tests\.Breaks & tells why: Assert\.Equal\(\) Failure\n/);
  assert.match(r.out, /web-tests: a display goes stale/);
  assert.doesNotMatch(r.out, /Passes/);
  assert.equal(r.last, '1 passed, 2 failed');
});
