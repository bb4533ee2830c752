// SignalR stateful reconnect over a real network path: a client that asks for it (as the screens do) keeps its
// connection through a short blip, and a push sent while its socket was down is replayed when it is back. The
// blip is made by a TCP relay between the client and the Api that loses what it is sent for a moment, then drops
// the connection. The Api's heartbeat and renewal are far slower than this test waits, so only the replay can
// bring the push: a client without stateful reconnect, through the same blip, comes back on a new connection
// without it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import { System, waitFor, freePort } from './system.mjs';
import { defineFixture, CanteenId } from './fixture.mjs';

const signalR = await import('@microsoft/signalr');
const Slow = '00:10:00';
let system;
let relay;

before(async () => {
  system = await new System({ apiEnv: { Live__HeartbeatEvery: Slow, Live__RenewEvery: Slow } }).start();
  await defineFixture(system);
  relay = await startRelay(system.ports.apiPort);
}, { timeout: 300_000 });

after(async () => {
  await relay?.close();
  await system?.stop();
});

/**
 * A TCP relay to the Api that can go deaf (hang: its connections stay open but carry nothing either way, as when
 * packets are lost) and then drop every connection (reset), while new connections always pass: a short blip such as
 * a Wi-Fi hand-over, after which the client can reconnect at once.
 */
async function startRelay(targetPort) {
  const port = await freePort();
  const pairs = new Set();
  let deaf = false;
  const server = createServer(client => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, deaf: false };
    pairs.add(pair);
    for (const [from, to] of [[client, upstream], [upstream, client]]) {
      from.on('error', () => {});
      from.on('data', chunk => { if (!pair.deaf) to.write(chunk); });
      from.on('close', () => { pairs.delete(pair); client.destroy(); upstream.destroy(); });
    }
  });
  await new Promise(done => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}`,
    hang() { for (const pair of pairs) pair.deaf = true; },
    reset() { for (const pair of pairs) { pair.client.destroy(); pair.upstream.destroy(); } },
    close: () => new Promise(done => { for (const pair of pairs) { pair.client.destroy(); pair.upstream.destroy(); } server.close(done); }),
  };
}

function watcher(baseUrl, { stateful }) {
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/occupancy`, { transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: () => 200 })
    .configureLogging(signalR.LogLevel.None);
  if (stateful) builder = builder.withStatefulReconnect();
  const connection = builder.build();
  const pushes = [];
  connection.on('changed', (topic, snapshot) => pushes.push({ topic, snapshot }));
  return { connection, pushes };
}

test('a push sent during a short network blip reaches a stateful-reconnect client on the same connection', { timeout: 180_000 }, async () => {
  const topic = `canteen:${CanteenId}`;
  const blipping = watcher(relay.url, { stateful: true });
  const plain = watcher(relay.url, { stateful: false });
  const bystander = watcher(system.baseUrl, { stateful: false });
  const all = [blipping, plain, bystander];
  for (const { connection } of all) await connection.start();
  try {
    const before = await blipping.connection.invoke('Watch', topic);
    for (const { connection } of [plain, bystander]) await connection.invoke('Watch', topic);
    const plainId = plain.connection.connectionId;
    const connectionId = blipping.connection.connectionId;
    const canteen = await system.must('GET', `/api/canteens/${CanteenId}`);
    const table = canteen.tables.find(t => t.id === 't13');
    const occupied = table.occupied === table.seats ? 0 : table.occupied + 1;

    relay.hang();
    await system.must('PUT', `/api/canteens/${CanteenId}/tables/t13`, { occupied });
    // The bystander, directly on the Api, hears the push: it has been sent to the blipping connection as well,
    // into a path that lost it.
    await waitFor(() => bystander.pushes.some(p => p.topic === topic && p.snapshot.version > before.version),
      { timeoutMs: 30_000, intervalMs: 20, message: 'the push on a healthy connection' });
    const heard = watcher => watcher.pushes.some(p => p.topic === topic && p.snapshot.version > before.version);
    assert.ok(!heard(blipping) && !heard(plain), 'the blip lost the push');
    relay.reset();

    await waitFor(() => blipping.pushes.some(p => p.topic === topic && p.snapshot.version > before.version),
      { timeoutMs: 30_000, intervalMs: 20, message: `the push sent during the blip, replayed (state ${blipping.connection.state})` });
    assert.equal(blipping.connection.connectionId, connectionId, 'the same connection resumed');
    assert.equal(blipping.connection.state, signalR.HubConnectionState.Connected);

    // Without stateful reconnect the same blip costs a new connection, and the push is gone with the old one.
    await waitFor(() => plain.connection.state === signalR.HubConnectionState.Connected && plain.connection.connectionId !== plainId,
      { timeoutMs: 30_000, intervalMs: 20, message: `the plain client reconnected (state ${plain.connection.state})` });
    assert.ok(!heard(plain), 'a client without stateful reconnect got the push only a replay could bring');
  } finally {
    for (const { connection } of all) await connection.stop().catch(() => {});
  }
});
