// A steady writer: every 150 ms it sets a table in each of several canteens (one request each, not waiting for the
// previous round), and keeps every answer, so a test can count the writes that failed after a moment and how long
// it took until every canteen's writes succeeded again.
export class WriteLoad {
  constructor(baseUrl, token, canteens, { everyMs = 150, timeoutMs = 10_000 } = {}) {
    Object.assign(this, { baseUrl, token, canteens, everyMs, timeoutMs });
    this.writes = [];
    this.round = 0;
  }

  start() {
    this.timer = setInterval(() => this.#send(), this.everyMs);
    return this;
  }

  async stop() {
    clearInterval(this.timer);
    await Promise.allSettled(this.writes.map(w => w.answered));
  }

  #send() {
    this.round++;
    const occupied = this.round % 5;
    for (const canteen of this.canteens) {
      const write = { canteen, sentAt: Date.now(), ok: false };
      write.answered = fetch(`${this.baseUrl}/api/canteens/${canteen}/tables/t01`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ occupied }),
        signal: AbortSignal.timeout(this.timeoutMs),
      }).then(async response => {
        await response.arrayBuffer();
        Object.assign(write, { ok: response.ok, status: response.status, answeredAt: Date.now() });
      }, error => {
        Object.assign(write, { error: error.cause?.code ?? error.name, answeredAt: Date.now() });
      });
      this.writes.push(write);
    }
  }

  /** Waits until every write sent so far has its answer (or its timeout); returns that moment's cut-off. */
  async settle() {
    const cut = Date.now();
    await Promise.allSettled(this.writes.filter(w => w.sentAt <= cut).map(w => w.answered));
    return cut;
  }

  /** Answered writes sent at or after since, per canteen, in the order they were sent. */
  #byCanteen(since, until = Infinity) {
    const map = new Map(this.canteens.map(c => [c, []]));
    for (const w of this.writes) if (w.sentAt >= since && w.sentAt <= until && w.answeredAt !== undefined) map.get(w.canteen).push(w);
    return map;
  }

  /** Every canteen's last `streak` writes sent at or after since succeeded. */
  healthySince(since, streak = 4) {
    return [...this.#byCanteen(since).values()].every(ws => ws.length >= streak && ws.slice(-streak).every(w => w.ok));
  }

  /**
   * Sent from since to until: writes answered and failed (and how), the canteens that saw a failure, and the time
   * from since until every canteen's first success after its last failure was answered (0 when nothing failed).
   * Call settle() first, so that no write of the period is still without its answer.
   */
  figures(since, until = Infinity) {
    const sent = this.writes.filter(w => w.sentAt >= since && w.sentAt <= until && w.answeredAt !== undefined);
    const failed = sent.filter(w => !w.ok);
    const how = {};
    for (const w of failed) how[w.status ?? w.error] = (how[w.status ?? w.error] ?? 0) + 1;
    let recoveredAt = since;
    const affected = [];
    for (const [canteen, ws] of this.#byCanteen(since, until)) {
      const last = ws.findLastIndex(w => !w.ok);
      if (last < 0) continue;
      affected.push(canteen);
      const next = ws.slice(last + 1).find(w => w.ok);
      recoveredAt = Math.max(recoveredAt, next ? next.answeredAt : Infinity);
    }
    return { sent: sent.length, failed: failed.length, how, affected, recoveryMs: recoveredAt - since };
  }
}
