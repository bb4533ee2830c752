// Waits until a URL answers 2xx, while the process that should serve it is still alive.
// Usage: node scripts/wait-http.mjs <url> <timeoutSeconds> [pid]
// Exit codes: 0 ready, 2 the process exited, 3 timed out, 64 bad usage.
const [url, timeoutArg, pidArg] = process.argv.slice(2);
if (!url || !timeoutArg) {
  console.error('usage: wait-http.mjs <url> <timeoutSeconds> [pid]');
  process.exit(64);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;
const pid = pidArg ? Number(pidArg) : undefined;
let last = 'no answer yet';

const alive = (p) => {
  try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; }
};

while (Date.now() < deadline) {
  if (pid !== undefined && !alive(pid)) {
    console.error(`process ${pid} exited before ${url} answered (last: ${last})`);
    process.exit(2);
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    if (res.ok) process.exit(0);
    last = `HTTP ${res.status}`;
  } catch (e) {
    last = e.cause?.code ?? e.name ?? String(e);
  }
  await new Promise((r) => setTimeout(r, 250));
}
console.error(`${url} did not answer 2xx within ${timeoutArg} s (last: ${last})`);
process.exit(3);
