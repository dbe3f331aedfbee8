// Two emulated Sparks on one tailnet plus the router in front of both (test/spark-sim/fleet.ts):
// the client's tailscale sees two distinct peers, each serve front answers for its own name, and
// the router answers like SGLang's sgl-router (real curl is the HTTPS client throughout).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { type RunningFleet, startSparks } from '../../spark-sim/fleet';

let fleet: RunningFleet;

before(async () => {
  fleet = await startSparks({ router: true, common: { timings: { healthMs: 50, warmupMs: 200, loadMs: 300, tokenMs: 2 } } });
});
after(async () => {
  await fleet?.stop();
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 20_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** curl against https://NAME/PATH with the fleet's names resolved and its CA bundle trusted. */
async function curl(url: string, extra: string[] = []): Promise<{ status: number; body: string }> {
  const resolves = Object.entries(fleet.resolve).flatMap(([name, addr]) => ['--resolve', `${name}:443:${addr}`]);
  const r = await run('curl', ['-sS', '--max-time', '15', '--cacert', fleet.caCertPath, ...resolves, '-w', '\n%{http_code}', ...extra, url]);
  assert.equal(r.code, 0, r.stderr);
  const i = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(i + 1)), body: r.stdout.slice(0, i) };
}

test('the client tailscale lists both Sparks as distinct online peers', async () => {
  const r = await run('tailscale', ['status', '--json'], fleet.clientEnv());
  assert.equal(r.code, 0, r.stderr);
  const status = JSON.parse(r.stdout) as { Peer: Record<string, { DNSName: string; HostName: string; Online: boolean; TailscaleIPs: string[]; ID: string; Tags?: string[] }> };
  const sparks = Object.values(status.Peer).filter((p) => p.Tags?.includes('tag:spark'));
  assert.deepEqual(sparks.map((p) => p.DNSName).sort(), [`${fleet.sparks[0].magicDnsName}.`, `${fleet.sparks[1].magicDnsName}.`].sort());
  assert.ok(sparks.every((p) => p.Online));
  assert.equal(new Set(sparks.map((p) => p.TailscaleIPs[0])).size, 2, 'each Spark has its own Tailscale IP');
  assert.equal(new Set(sparks.map((p) => p.ID)).size, 2, 'each Spark has its own node ID');
  assert.equal(Object.keys(status.Peer).length, 3, 'old-laptop and the two Sparks');
  const ping = await run('tailscale', ['ping', '-c', '1', fleet.sparks[1].hostName], fleet.clientEnv());
  assert.match(ping.stdout, /^pong from spark-7b21 \(100\.101\.102\.104\)/);
});

test('taking the second Spark offline shows only it offline', async () => {
  await fleet.sparks[1].takeOffline();
  try {
    const r = await run('tailscale', ['status', '--json'], fleet.clientEnv());
    const peers = Object.values(JSON.parse(r.stdout).Peer as Record<string, { HostName: string; Online: boolean }>);
    assert.equal(peers.find((p) => p.HostName === fleet.sparks[0].hostName)?.Online, true);
    assert.equal(peers.find((p) => p.HostName === fleet.sparks[1].hostName)?.Online, false);
  } finally {
    await fleet.sparks[1].bringOnline();
  }
});

test('each serve front answers for its own MagicDNS name with the model', async () => {
  for (const s of fleet.sparks) {
    const r = await curl(`${s.baseUrl}/models`);
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).data[0].id, 'Qwen/Qwen2.5-7B-Instruct');
  }
});

test('the router answers like sgl-router: health, readiness, workers, one model for both', async () => {
  const base = `https://${fleet.router!.host}${fleet.router!.mount}`;
  assert.deepEqual(await curl(`${base}/health`), { status: 200, body: 'OK' });
  const ready = await curl(`${base}/readiness`);
  assert.deepEqual([ready.status, JSON.parse(ready.body)], [200, { status: 'ready', healthy_workers: 2, total_workers: 2 }]);
  const workers = JSON.parse((await curl(`${base}/workers`)).body);
  assert.equal(workers.total, 2);
  assert.deepEqual(
    workers.workers.map((w: { url: string; is_healthy: boolean; model_id: string; worker_type: string }) => [w.url, w.is_healthy, w.model_id, w.worker_type]),
    fleet.router!.workerUrls.map((u) => [u, true, 'Qwen/Qwen2.5-7B-Instruct', 'regular']),
  );
  assert.deepEqual(JSON.parse((await curl(`${base}/list_workers`)).body), { urls: fleet.router!.workerUrls });
  const models = JSON.parse((await curl(`${fleet.router!.baseUrl}/models`)).body);
  assert.deepEqual(
    models.data.map((m: { id: string }) => m.id),
    ['Qwen/Qwen2.5-7B-Instruct'],
  );
  const unknown = await curl(`${base}/nothing-here`);
  assert.deepEqual(unknown, { status: 404, body: '' });
});

async function requestsServed(url: string): Promise<number> {
  const m = /^sglang:num_requests_total\{[^}]*\} (\d+)/m.exec((await curl(`${url}/metrics`)).body);
  return Number(m?.[1] ?? Number.NaN);
}

test('the router spreads chat completions round robin over both Sparks', async () => {
  const before = await Promise.all(fleet.sparks.map((s) => requestsServed(s.serveUrl)));
  const body = JSON.stringify({ model: 'Qwen/Qwen2.5-7B-Instruct', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3 });
  for (let i = 0; i < 4; i++) {
    const r = await curl(`${fleet.router!.baseUrl}/chat/completions`, ['-H', 'content-type: application/json', '--data', body]);
    assert.equal(r.status, 200, r.body);
    assert.equal(JSON.parse(r.body).object, 'chat.completion');
  }
  const afterCounts = await Promise.all(fleet.sparks.map((s) => requestsServed(s.serveUrl)));
  assert.deepEqual(
    afterCounts.map((n, i) => n - before[i]!),
    [2, 2],
  );
});

test('with one Spark stopped the router sends everything to the other; readiness counts one', async () => {
  await fleet.sparks[1].stopServer();
  try {
    const base = `https://${fleet.router!.host}${fleet.router!.mount}`;
    const deadline = Date.now() + 10_000;
    let ready = JSON.parse((await curl(`${base}/readiness`)).body);
    while (ready.healthy_workers !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      ready = JSON.parse((await curl(`${base}/readiness`)).body);
    }
    assert.deepEqual(ready, { status: 'ready', healthy_workers: 1, total_workers: 2 });
    const body = JSON.stringify({ model: 'Qwen/Qwen2.5-7B-Instruct', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await curl(`${fleet.router!.baseUrl}/chat/completions`, ['-H', 'content-type: application/json', '--data', body]);
      assert.equal(r.status, 200, r.body);
    }
  } finally {
    await fleet.sparks[1].startServer();
  }
});
