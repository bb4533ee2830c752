// Sums the results of one test run and prints, as its last line, "N passed, N failed[, N skipped]".
// Usage: node scripts/test-summary.mjs <resultsDir>
//   NAME.trx       VSTest results (dotnet test --logger trx): the <Counters> element.
//   NAME.tap       node --test results (--test-reporter=tap): the closing "# pass/# fail/..." lines.
//   NAME.exitcode  written by test.sh when a run exited non-zero; if NAME's results show no failed
//                  test (the test host crashed, a file did not load), the run counts as one failure.
//   NAME.expected  written by test.sh before it starts a run: a run with no results (missing: the host
//                  crashed before writing them), or that ran no test at all (none passed or failed, also
//                  when every test was skipped), counts as one failure: a project that silently ran
//                  nothing is not a pass.
// Exit code 1 when anything failed, else 0.
import { readdirSync, readFileSync } from 'node:fs';
import { join, extname, basename } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: test-summary.mjs <resultsDir>');
  process.exit(64);
}

let files = [];
try { files = readdirSync(dir).sort(); } catch { /* no results at all */ }

const attr = (text, name) => Number(text.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);

function fromTrx(xml) {
  const counters = xml.match(/<Counters\b[^>]*>/)?.[0];
  if (!counters) return { passed: 0, failed: 0, skipped: 0, note: 'no <Counters> element' };
  return {
    passed: attr(counters, 'passed'),
    failed: attr(counters, 'failed') + attr(counters, 'error') + attr(counters, 'timeout') + attr(counters, 'aborted'),
    // xunit's skipped tests are results with outcome NotExecuted but not counted in <Counters>.
    skipped: Math.max(
      attr(counters, 'notExecuted') + attr(counters, 'inconclusive') + attr(counters, 'notRunnable'),
      [...xml.matchAll(/<UnitTestResult\b[^>]*\boutcome="(NotExecuted|Inconclusive|NotRunnable)"/g)].length),
  };
}

function fromTap(tap) {
  // The runner's totals close the stream; take the last of each.
  const last = (name) => {
    const all = [...tap.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : 0;
  };
  return {
    passed: last('pass'),
    failed: last('fail') + last('cancelled'),
    skipped: last('skipped') + last('todo'),
  };
}

// The names of failed tests, so the end of a long log says which ones broke.
function failedInTrx(xml) {
  return [...xml.matchAll(/<UnitTestResult\b[^>]*\btestName="([^"]*)"[^>]*\boutcome="Failed"[^>]*>([\s\S]*?)<\/UnitTestResult>/g)]
    .map(([, name, body]) => {
      const message = body.match(/<Message>([\s\S]*?)<\/Message>/)?.[1] ?? '';
      return `${unescapeXml(name)}: ${firstLine(unescapeXml(message))}`;
    });
}

function failedInTap(tap) {
  return [...tap.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map(([, name]) => name.trim());
}

const unescapeXml = (text) => text
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const firstLine = (text) => text.trim().split('\n')[0].slice(0, 300);

const runs = new Map();
const failures = [];
for (const file of files) {
  const ext = extname(file);
  const name = basename(file, ext);
  const text = () => readFileSync(join(dir, file), 'utf8');
  if (ext === '.trx') {
    runs.set(name, { ...runs.get(name), ...fromTrx(text()), hasResults: true });
    failures.push(...failedInTrx(text()).map((f) => `${name}: ${f}`));
  } else if (ext === '.tap') {
    runs.set(name, { ...runs.get(name), ...fromTap(text()), hasResults: true });
    failures.push(...failedInTap(text()).map((f) => `${name}: ${f}`));
  }
  else if (ext === '.exitcode') runs.set(name, { ...runs.get(name), exitCode: text().trim() });
  else if (ext === '.expected') runs.set(name, { ...runs.get(name), expected: true });
}

const total = { passed: 0, failed: 0, skipped: 0 };
console.log('');
console.log('Test results:');
for (const [name, run] of runs) {
  const r = { passed: 0, failed: 0, skipped: 0, ...run };
  if (r.exitCode && r.failed === 0) {
    r.failed = 1;
    r.note = `${r.note ? `${r.note}; ` : ''}exited with code ${r.exitCode} without a failed test: counted as one failure`;
  }
  if (r.expected && r.passed + r.failed === 0) {
    r.failed = 1;
    const why = !run.hasResults ? 'left no results (missing)' : 'ran no test';
    r.note = `${r.note ? `${r.note}; ` : ''}${why}: counted as one failure`;
  }
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  console.log(`  ${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.note ? ` (${r.note})` : ''}`);
}
if (runs.size === 0) console.log('  (no result files found)');
if (failures.length > 0) {
  console.log('Failed:');
  for (const failure of failures) console.log(`  ${failure}`);
}

let line = `${total.passed} passed, ${total.failed} failed`;
if (total.skipped > 0) line += `, ${total.skipped} skipped`;
console.log(line);
process.exit(total.failed > 0 ? 1 : 0);
