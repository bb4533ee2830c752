// PENDING (not run by test.sh: the name does not end in .test.mjs). On this stack the client below stays
// "Reconnecting" after the blip and the push is not replayed (seen 2026-12-02); the same happened with the .NET
// client through the test server. Until this passes, the screens do not ask for stateful reconnect.
// SignalR stateful reconnect over a real network path: a client that asks for it (as the screens do) keeps its
// connection through a short blip, and a push sent while its socket was down is replayed when it is back. The
// blip is made by a TCP relay between the client and the Api that drops every connection and refuses new ones for
// a moment. The Api's heartbeat and renewal are far slower than this test waits, so only the replay can bring the
// push.
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

/** A TCP relay to the Api that can drop every connection and refuse new ones (cut), then let them through (mend). */
async function startRelay(targetPort) {
  const port = await freePort();
  const sockets = new Set();
  let cut = false;
  const server = createServer(client => {
    if (cut) { client.destroy(); return; }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => { sockets.delete(socket); client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise(done => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}`,
    cut() { cut = true; for (const socket of sockets) socket.destroy(); },
    mend() { cut = false; },
    close: () => new Promise(done => { for (const socket of sockets) socket.destroy(); server.close(done); }),
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
  const bystander = watcher(system.baseUrl, { stateful: false });
  await blipping.connection.start();
  await bystander.connection.start();
  try {
    const before = await blipping.connection.invoke('Watch', topic);
    await bystander.connection.invoke('Watch', topic);
    const connectionId = blipping.connection.connectionId;
    const canteen = await system.must('GET', `/api/canteens/${CanteenId}`);
    const table = canteen.tables.find(t => t.id === 't13');
    const occupied = table.occupied === table.seats ? 0 : table.occupied + 1;

    relay.cut();
    try {
      await system.must('PUT', `/api/canteens/${CanteenId}/tables/t13`, { occupied });
      // The bystander, directly on the Api, hears the push: it has been sent to the blipping connection as well.
      await waitFor(() => bystander.pushes.some(p => p.topic === topic && p.snapshot.version > before.version),
        { timeoutMs: 30_000, intervalMs: 20, message: 'the push on a healthy connection' });
    } finally {
      relay.mend();
    }

    await waitFor(() => blipping.pushes.some(p => p.topic === topic && p.snapshot.version > before.version),
      { timeoutMs: 30_000, intervalMs: 20, message: `the push sent during the blip, replayed (state ${blipping.connection.state})` });
    assert.equal(blipping.connection.connectionId, connectionId, 'the same connection resumed');
    assert.equal(blipping.connection.state, signalR.HubConnectionState.Connected);
  } finally {
    await blipping.connection.stop().catch(() => {});
    await bystander.connection.stop().catch(() => {});
  }
});
