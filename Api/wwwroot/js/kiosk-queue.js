// The kiosk's scans waiting for the Api: kept in localStorage (a reload or a crash of the tab loses none), each with
// its own Idempotency-Key and the time it was made (scannedAt), sent oldest first once the Api answers again. Each is
// removed once answered, whatever the answer, so it is sent until the Api has it and never after. A scan older than
// the Api honours (5 minutes) is dropped and counted: the member is asked to scan again.
const StorageKey = 'occupancy.kiosk.queue';
export const MaxAgeMs = 5 * 60_000;

let memory = [];

function read() {
  try {
    const saved = JSON.parse(localStorage.getItem(StorageKey) ?? '[]');
    return Array.isArray(saved) ? saved.filter(s => s && typeof s.key === 'string' && s.body) : [];
  } catch {
    return memory;
  }
}

function write(list) {
  memory = list;
  try { localStorage.setItem(StorageKey, JSON.stringify(list)); } catch { /* storage off: kept in memory only */ }
}

/** A new scan: { key, siteId, body } with body.scannedAt set now. */
export function newScan(siteId, body) {
  return { key: crypto.randomUUID(), siteId, body: { ...body, scannedAt: new Date().toISOString() } };
}

export function enqueue(scan) {
  write([...read().filter(s => s.key !== scan.key), scan]);
}

export function pending(siteId) {
  return read().filter(s => s.siteId === siteId);
}

export function remove(key) {
  write(read().filter(s => s.key !== key));
}

/** Drops scans too old to be honoured; answers how many. */
export function dropStale(now = Date.now()) {
  const list = read();
  const fresh = list.filter(s => now - Date.parse(s.body.scannedAt) < MaxAgeMs);
  if (fresh.length !== list.length) write(fresh);
  return list.length - fresh.length;
}
