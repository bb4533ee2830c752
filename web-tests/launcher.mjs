// ./run.sh as an operator starts it (no browser): a private data folder, its own free ports, the build test.sh made.
// Gives the pids run.sh records (DATA_DIR/run/<name>.pid), each silo's view of the membership (its /health) and the
// membership table itself (read from Azurite). Its output and the processes' logs are copied to artifacts/logs/.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { root, artifacts, configuration, AzuriteKey } from './system.mjs';

const Account = 'devstoreaccount1';

function portFree(port) {
  return new Promise(done => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** count consecutive free ports below the kernel's ephemeral range (run.sh derives each node's ports from a base). */
async function freeBlock(count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 15_000 + Math.floor(Math.random() * 15_000);
    let free = true;
    for (let port = base; port < base + count && free; port++) free = await portFree(port);
    if (free) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

export const alive = pid => {
  try { process.kill(pid, 0); return true; } catch (error) { return error.code === 'EPERM'; }
};

export class Launcher {
  /** silos, apis: as --silos and --apis; env: more settings for every process. */
  constructor({ silos = 2, apis = 1, env = {}, name = 'launcher' } = {}) {
    Object.assign(this, { silos, apis, env, name });
  }

  async start() {
    this.dataDir = mkdtempSync(join(tmpdir(), 'occupancy-launcher-'));
    // Node k: Api on base + 2(k-1), silo health on base + 1 + 2(k-1) (run.sh's own interleaving), then the rest.
    const nodes = Math.max(this.silos, this.apis);
    const size = 2 * nodes + 2 * this.silos + 1 + 2 * nodes;
    const base = await freeBlock(size);
    const siloBase = base + 2 * nodes;
    this.ports = {
      api: base,
      health: base + 1,
      silo: siloBase,
      gateway: siloBase + this.silos,
      azurite: siloBase + 2 * this.silos,
      management: siloBase + 2 * this.silos + 1,
    };
    this.output = '';
    mkdirSync(join(artifacts, 'logs'), { recursive: true });
    const log = createWriteStream(join(artifacts, 'logs', `${this.name}.log`));
    this.process = spawn(join(root, 'run.sh'), ['--no-build', '--silos', String(this.silos), '--apis', String(this.apis)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        CONFIGURATION: configuration,
        DATA_DIR: this.dataDir,
        API_HOST: '127.0.0.1',
        API_PORT: String(this.ports.api),
        SILO_HEALTH_PORT: String(this.ports.health),
        SILO_PORT: String(this.ports.silo),
        GATEWAY_PORT: String(this.ports.gateway),
        AZURITE_PORT: String(this.ports.azurite),
        MANAGEMENT_PORT: String(this.ports.management),
        START_TIMEOUT: '240',
        ...this.env,
      },
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream.on('data', chunk => { this.output += chunk; log.write(chunk); });
    }
    this.exited = new Promise(done => this.process.once('exit', (code, signal) => { log.end(); done({ code, signal }); }));
    await this.until(() => this.output.includes('Occupancy is running'), {
      timeoutMs: 300_000, message: 'run.sh to print "Occupancy is running"',
    });
    return this;
  }

  get running() { return this.process.exitCode === null && this.process.signalCode === null; }

  tail(lines = 40) { return this.output.trimEnd().split('\n').slice(-lines).join('\n'); }

  /** Polls check() until truthy; fails at once, with run.sh's last lines, if run.sh itself exits meanwhile. */
  async until(check, { timeoutMs = 120_000, intervalMs = 100, message = 'condition' } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`run.sh exited (${this.process.exitCode ?? this.process.signalCode}) while waiting for ${message}:\n${this.tail()}`);
      }
      try {
        const value = await check();
        if (value) return value;
      } catch (error) { lastError = error; }
      await delay(intervalMs);
    }
    throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${lastError ? ` (last error: ${lastError.message})` : ''}\n${this.tail()}`);
  }

  /** The pid run.sh recorded for silo-K, api-K, azurite or run.sh; undefined when there is none. */
  pid(name) {
    const file = join(this.dataDir, 'run', `${name}.pid`);
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
  }

  apiUrl(k = 1) { return `http://127.0.0.1:${this.ports.api + 2 * (k - 1)}`; }

  siloPort(k) { return this.ports.silo + k - 1; }

  /** Silo k's own view: the number of active silos its membership knows, or undefined when it is not healthy. */
  async activeSilos(k) {
    try {
      const response = await fetch(`http://127.0.0.1:${this.ports.health + 2 * (k - 1)}/health`, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) return undefined;
      const match = /(\d+) active silo/.exec((await response.json()).clusterDetail ?? '');
      return match ? Number(match[1]) : undefined;
    } catch { return undefined; }
  }

  /** The membership table's silo rows (Orleans' Azure Table clustering), read with the emulator's shared key. */
  async membership() {
    const path = `/${Account}/OrleansSiloInstances()`;
    const date = new Date().toUTCString();
    const signature = createHmac('sha256', Buffer.from(AzuriteKey, 'base64')).update(`${date}\n/${Account}${path}`).digest('base64');
    const response = await fetch(`http://127.0.0.1:${this.ports.azurite}${path}`, {
      headers: {
        'x-ms-date': date,
        'x-ms-version': '2019-02-02',
        DataServiceVersion: '3.0',
        Accept: 'application/json;odata=nometadata',
        Authorization: `SharedKeyLite ${Account}:${signature}`,
      },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`reading the membership table answered ${response.status}: ${await response.text()}`);
    return (await response.json()).value.filter(row => row.Status);
  }

  /** A bearer token signed with the key the Api nodes share (scripts/token.sh). */
  token(...args) {
    return execFileSync(join(root, 'scripts/token.sh'), args, { env: { ...process.env, DATA_DIR: this.dataDir } }).toString().trim();
  }

  /** SIGTERM to run.sh, as Ctrl-C would: it stops every process itself. Its logs are kept in artifacts/logs. */
  async stop() {
    if (!this.process) return;
    if (this.running) {
      this.process.kill('SIGTERM');
      const stopped = await Promise.race([this.exited.then(() => true), delay(150_000, false, { ref: false })]);
      if (!stopped) {
        // Last resort: what run.sh started, by the pids it recorded, then run.sh.
        for (const name of ['api-1', 'api-2', 'silo-1', 'silo-2', 'silo-3', 'azurite']) {
          const pid = this.pid(name);
          if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
        }
        this.process.kill('SIGKILL');
        await this.exited;
      }
    }
    // Beside the other tests' logs, so the log checks that run after them (zz-*) read these too.
    const logs = join(this.dataDir, 'logs');
    if (existsSync(logs)) for (const file of readdirSync(logs)) cpSync(join(logs, file), join(artifacts, 'logs', `${this.name}-${file}`));
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
