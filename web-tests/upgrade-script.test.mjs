// scripts/upgrade.sh against a launcher that speaks its protocol (pid and health files in a run folder, a process
// that exits started again from the folder named in run/release), with stand-in processes that take a moment to
// become ready: the roll replaces every silo, then every Api node, one at a time, never leaves all silos or all Api
// nodes down at once, and stops at a launcher that does not start the new build. No .NET build needed: seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');

// A stand-in for Silo.dll / Api.dll: listens after 300 ms (start-up), answers its build's name, exits on SIGTERM.
const standIn = (build) => `
const http = require('node:http');
const port = Number(process.argv[2]);
const server = http.createServer((req, res) => { res.writeHead(200); res.end(${JSON.stringify(build)}); });
setTimeout(() => server.listen(port, '127.0.0.1'), 300);
process.on('SIGTERM', () => { server.close(); setTimeout(() => process.exit(0), 200); });
`;

function release(root, build) {
  for (const project of ['Silo', 'Api']) {
    fs.mkdirSync(path.join(root, build, project), { recursive: true });
    fs.writeFileSync(path.join(root, build, project, `${project}.dll`), standIn(build));
  }
  return path.join(root, build);
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

// The launcher side of the protocol, as run.sh does it; followsRelease false is a launcher that ignores run/release.
async function launcher(runDir, firstRelease, { followsRelease = true } = {}) {
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, 'release'), `${firstRelease}\n`);
  const keys = ['silo-1', 'silo-2', 'api-1', 'api-2'];
  const ports = Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await freePort()])));
  const children = new Map();
  let stopping = false;
  const start = (key) => {
    const from = followsRelease ? fs.readFileSync(path.join(runDir, 'release'), 'utf8').trim() : firstRelease;
    const project = key.startsWith('silo') ? 'Silo' : 'Api';
    const child = spawn(process.execPath, [path.join(from, project, `${project}.dll`), String(ports[key])], { stdio: 'ignore' });
    children.set(key, child);
    fs.writeFileSync(path.join(runDir, `${key}.pid`), `${child.pid}\n`);
    fs.writeFileSync(path.join(runDir, `${key}.health`), `http://127.0.0.1:${ports[key]}/health\n`);
    child.on('exit', () => {
      if (stopping) return;
      fs.rmSync(path.join(runDir, `${key}.pid`), { force: true });
      setTimeout(() => start(key), 300);
    });
  };
  keys.forEach(start);
  const answer = async (key) => {
    try {
      const res = await fetch(`http://127.0.0.1:${ports[key]}/health`, { signal: AbortSignal.timeout(500) });
      return res.ok ? await res.text() : null;
    } catch {
      return null;
    }
  };
  const until = Date.now() + 10_000;
  while ((await Promise.all(keys.map(answer))).some((a) => a === null)) {
    assert.ok(Date.now() < until, 'the stand-ins did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    keys,
    answer,
    pid: (key) => children.get(key).pid,
    stop() {
      stopping = true;
      for (const child of children.values()) child.kill('SIGKILL');
    },
  };
}

function upgrade(args) {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(repo, 'scripts', 'upgrade.sh'), ...args], { env: { ...process.env, START_TIMEOUT: '20', STOP_TIMEOUT: '10' } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test('upgrade.sh rolls every silo, then every Api node, to the new build, never all of a kind down at once', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-script-'));
  const system = await launcher(path.join(root, 'run'), release(root, 'build-n'));
  const next = release(root, 'build-n1');
  try {
    // Every 50 ms: does some silo answer, does some Api node answer?
    const gaps = [];
    let rolling = true;
    const watching = (async () => {
      while (rolling) {
        const answers = await Promise.all(system.keys.map(system.answer));
        if (!answers.slice(0, 2).some(Boolean)) gaps.push('no silo answered');
        if (!answers.slice(2).some(Boolean)) gaps.push('no Api node answered');
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const { code, output } = await upgrade(['--release', next, '--run-dir', path.join(root, 'run')]);
    rolling = false;
    await watching;

    assert.equal(code, 0, output);
    assert.deepEqual(await Promise.all(system.keys.map(system.answer)), ['build-n1', 'build-n1', 'build-n1', 'build-n1']);
    const order = [...output.matchAll(/^ {4}(silo-\d|api-\d): stopped/gm)].map((m) => m[1]);
    assert.deepEqual(order, ['silo-1', 'silo-2', 'api-1', 'api-2'], output);
    assert.deepEqual(gaps, [], 'the roll replaced one process at a time, each after the one before it was ready');
  } finally {
    system.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('upgrade.sh stops at a launcher that starts the old build again, leaving the rest as they were', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-script-'));
  const system = await launcher(path.join(root, 'run'), release(root, 'build-n'), { followsRelease: false });
  const next = release(root, 'build-n1');
  try {
    const untouched = system.pid('silo-2');
    const { code, output } = await upgrade(['--release', next, '--run-dir', path.join(root, 'run')]);

    assert.notEqual(code, 0, output);
    assert.match(output, /silo-1 came back .* but not from/);
    assert.equal(system.pid('silo-2'), untouched, 'the next silo was not stopped');
  } finally {
    system.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
