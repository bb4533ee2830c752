// Starts the whole system for browser tests on free loopback ports: Azurite (tables, in memory), the built Silo,
// the built Api. Every process is killed on teardown; their output goes to artifacts/logs/.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdirSync, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

/** The demo catalog's documented administrator (Grains/Catalog/demo-catalog.json, seeded by the silo). */
export const DemoAdmin = { username: 'admin', password: 'demo-admin-2026' };

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(root, 'artifacts');
export const screenshots = join(artifacts, 'screenshots');
const logs = join(artifacts, 'logs');
mkdirSync(screenshots, { recursive: true });
mkdirSync(logs, { recursive: true });

// The build to run: test.sh names it (Release); otherwise the more recently built of Debug and Release.
const builtAt = name => (existsSync(join(root, `Api/bin/${name}/net10.0/Api.dll`)) ? statSync(join(root, `Api/bin/${name}/net10.0/Api.dll`)).mtimeMs : -1);
export const configuration = process.env.OCCUPANCY_CONFIGURATION ?? (builtAt('Release') > builtAt('Debug') ? 'Release' : 'Debug');
const siloDll = `Silo/bin/${configuration}/net10.0/Silo.dll`;
const apiDll = `Api/bin/${configuration}/net10.0/Api.dll`;

export const AzuriteKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Polls check() until it answers truthy; fails with message after timeoutMs. */
export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 200, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) { lastError = error; }
    await delay(intervalMs);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

function portOpen(port) {
  return new Promise(done => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

async function httpOk(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch { return false; }
}

class Child {
  constructor(name, command, args, env, cwd = root) {
    this.name = name;
    const log = createWriteStream(join(logs, `${name}.log`), { flags: 'a' });
    log.write(`\n==== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
    this.process = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout.pipe(log, { end: false });
    this.process.stderr.pipe(log, { end: false });
    this.exited = new Promise(done => this.process.once('exit', code => { log.end(); done(code); }));
  }

  get running() { return this.process.exitCode === null && this.process.signalCode === null; }

  async stop() {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), delay(10_000).then(() => false)]);
    if (!stopped) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
  }

  /** A hard stop, as a crash or a pulled plug. */
  async kill() {
    if (!this.running) return;
    this.process.kill('SIGKILL');
    await this.exited;
  }
}

function requireBuilt(path) {
  if (!existsSync(join(root, path))) throw new Error(`${path} is missing: build the solution first (dotnet build Occupancy.sln -c ${configuration}).`);
}

/**
 * The running system. start() → Azurite, Silo, Api ready; stopApi()/startApi() restart the Api on the same port;
 * stop() ends everything.
 */
export class System {
  /** apiEnv, siloEnv: extra settings for the Api (e.g. Auth__TokenLifetime) and the silo (e.g. DomainClock__Offset). */
  constructor({ apiEnv = {}, siloEnv = {} } = {}) {
    this.apiEnv = apiEnv;
    this.siloEnv = siloEnv;
  }

  async start() {
    requireBuilt(siloDll);
    requireBuilt(apiDll);
    requireBuilt('node_modules/azurite/dist/src/table/main.js');
    const [tablePort, siloPort, gatewayPort, healthPort, apiPort] = await distinctPorts(5);
    this.ports = { tablePort, siloPort, gatewayPort, healthPort, apiPort };
    this.clusterId = `web-${process.pid}-${Date.now().toString(36)}`;
    this.storage = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AzuriteKey};TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`;
    // Azurite keeps nothing on disk with --inMemoryPersistence, but may write its own debug files in its working directory.
    this.azuriteDir = mkdtempSync(join(tmpdir(), 'occupancy-azurite-'));
    // The Api generates its signing key into DATA_DIR on first start: a fresh one per run, never in the checkout.
    this.dataDir = mkdtempSync(join(tmpdir(), 'occupancy-data-'));
    this.baseUrl = `http://127.0.0.1:${apiPort}`;

    this.azurite = new Child('azurite', process.execPath, [
      join(root, 'node_modules/azurite/dist/src/table/main.js'), '--tableHost', '127.0.0.1', '--tablePort', String(tablePort),
      '--inMemoryPersistence', '--skipApiVersionCheck', '--loose',
    ], {}, this.azuriteDir);
    await waitFor(() => portOpen(tablePort), { timeoutMs: 30_000, message: 'Azurite to listen' });

    const shared = { Storage__ConnectionString: this.storage, Cluster__ClusterId: this.clusterId, Cluster__ServiceId: 'occupancy', DOTNET_NOLOGO: '1' };
    this.silo = new Child('silo', 'dotnet', [siloDll], {
      ...shared, ...this.siloEnv, Silo__SiloPort: String(siloPort), Silo__GatewayPort: String(gatewayPort), Silo__HealthPort: String(healthPort),
    });
    this.sharedEnv = shared;
    await waitFor(async () => {
      if (!this.silo.running) throw new Error('the silo exited; see artifacts/logs/silo.log');
      return httpOk(`http://127.0.0.1:${healthPort}/health`);
    }, { timeoutMs: 120_000, intervalMs: 500, message: 'the silo to be healthy' });
    await this.startApi();
    return this;
  }

  async startApi() {
    this.api = new Child('api', 'dotnet', [apiDll], { ...this.sharedEnv, ...this.apiEnv, DATA_DIR: this.dataDir, urls: this.baseUrl });
    await waitFor(async () => {
      if (!this.api.running) throw new Error('the Api exited; see artifacts/logs/api.log');
      return httpOk(`${this.baseUrl}/health/ready`);
    }, { timeoutMs: 120_000, intervalMs: 300, message: 'the Api to be ready' });
  }

  async stopApi() { await this.api?.kill(); }

  /** A deliberate stop (SIGTERM), as for a restart: the Api closes its connections itself before it exits. */
  async stopApiGracefully() { await this.api?.stop(); }

  /** Freezes the Api without closing its sockets: connections stay open but nothing arrives. */
  pauseApi() { this.api.process.kill('SIGSTOP'); }

  resumeApi() { this.api.process.kill('SIGCONT'); }

  async stop() {
    for (const child of [this.api, this.silo, this.azurite]) await child?.stop().catch(() => {});
    if (this.azuriteDir) rmSync(this.azuriteDir, { recursive: true, force: true });
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  url(path) { return `${this.baseUrl}${path}`; }

  /**
   * A bearer token for the demo catalog's administrator, signed in through the staff route (the demo catalog is
   * seeded by the silo). Signed in again well before the token's lifetime runs out.
   */
  async adminToken() {
    if (this.admin && Date.now() < this.admin.renewAt) return this.admin.token;
    // The silo seeds the demo accounts as it starts: the first sign-in may come before the administrator exists.
    let answer;
    await waitFor(async () => {
      answer = await this.request('POST', '/api/auth/staff', { username: DemoAdmin.username, password: DemoAdmin.password }, {}, { as: null });
      return answer.status === 200;
    }, { timeoutMs: 60_000, intervalMs: 500, message: 'the demo administrator to sign in' }).catch(error => {
      throw new Error(`${error.message}: ${answer?.status} ${answer?.text}`);
    });
    const lifetime = Date.parse(answer.body.expiresAt) - Date.now();
    this.admin = { token: answer.body.accessToken, renewAt: Date.now() + lifetime / 2 };
    return this.admin.token;
  }

  /**
   * A call to the Api. as: 'admin' (the default: the tests set the scene as an administrator), null (anonymous)
   * or a bearer token.
   */
  async request(method, path, body, headers = {}, { as = 'admin' } = {}) {
    const token = as === 'admin' ? await this.adminToken() : as;
    const response = await fetch(this.url(path), {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return { status: response.status, body: json, text };
  }

  /** A PUT or GET that must succeed (as an administrator), with a message naming the call when it does not. */
  async must(method, path, body) {
    const answer = await this.request(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  }
}

async function distinctPorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Debian's Chromium driven by playwright-core; playwright gives each launch a fresh --user-data-dir. */
export async function launchBrowser({ args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'occupancy-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--disk-cache-dir=${profile}`, ...args],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => { await close(); rmSync(profile, { recursive: true, force: true }); };
  return browser;
}

/** axe-core in the page: the serious and critical violations, each as "id: help (n nodes)". */
export async function seriousViolations(page) {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  // Evaluated over the DevTools protocol rather than added as a script tag: the pages' Content-Security-Policy
  // (script-src 'self') is lifted for this injection only, and stays in force for the page's own scripts.
  const { readFileSync: readAxe } = await import('node:fs');
  await page.evaluate(readAxe(axePath, 'utf8'));
  const results = await page.evaluate(async () => await globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}
