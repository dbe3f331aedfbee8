// The Monitor's first tick of a session: the remembered (or guessed) URL, the local tailnet
// status and SSH discovery run concurrently; "ready" is published as soon as the URL answers
// (marked `reconciling`), and discovery has the last word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFinding } from '../../../src/core/findings';
import { Monitor } from '../../../src/core/monitor/monitor';
import type { MonitorConfig, ServerDetail, ServerProbe } from '../../../src/core/monitor/types';
import type { ServeInfo, SparkState } from '../../../src/core/state/types';
import { FakeClock, settle } from './fakeClock';
import { BASE_URL, config, FakeProbes, MemoryLog, okModels, served } from './fakes';

const OLD_URL = 'https://spark-old.tail9999.ts.net/v1';

/** Answers per URL; any other URL does not answer at all. */
class UrlProbes extends FakeProbes {
  byUrl = new Map<string, ServerProbe>([[BASE_URL, okModels()]]);
  urls: string[] = [];
  override server(url: string, detail: ServerDetail, signal: AbortSignal) {
    this.urls.push(url);
    this.answers.server = this.byUrl.get(url) ?? { kind: 'unreachable', finding: makeFinding('probe.dnsFailed', { url, host: new URL(url).hostname }) };
    return super.server(url, detail, signal);
  }
}

function setup(initialServe: ServeInfo | undefined, over: Partial<MonitorConfig> = {}) {
  const probes = new UrlProbes();
  const log = new MemoryLog();
  const clock = new FakeClock();
  const monitor = new Monitor({
    probes,
    clock,
    log,
    getConfig: () => config(over),
    ...(initialServe ? { initialServe, initialServer: { kind: 'sglang', models: [{ id: 'old/model' }] } } : {}),
  });
  const states: SparkState[] = [monitor.getState()];
  monitor.onDidChangeState((s) => states.push(s));
  return { probes, log, monitor, states, clock };
}

test('the remembered endpoint is the starting state: checking, with its URL and models', () => {
  const { monitor } = setup({ baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' });
  const s = monitor.getState();
  assert.equal(s.phase, 'checking');
  assert.equal(s.serve?.source, 'cache');
  assert.equal(s.server?.models[0]?.id, 'old/model');
  monitor.dispose();
});

test('warm start: tailnet starts with the probe, SSH discovery once the probe answered (or after a head start); ready before discovery answered', async () => {
  const { monitor, probes, states } = setup({ baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' });
  probes.hold.server = true;
  monitor.start();
  await settle();
  assert.deepEqual(probes.calls, { tailnet: 1, server: 1, discover: 0, service: 0 }, 'SSH (CPU on the same thread) waits for the first answer');
  assert.equal(monitor.getState().phase, 'checking', 'nothing shown as verified before the probe answered');
  probes.release();
  await settle();
  assert.equal(probes.calls.discover, 1, 'discovery right after the answer');
  monitor.dispose();
  // A probe that does not answer holds SSH up only for the head start (400 ms).
  const slow = setup({ baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' });
  slow.probes.hold.server = true;
  slow.monitor.start();
  await settle();
  assert.equal(slow.probes.calls.discover, 0);
  await slow.clock.advance(400);
  await settle();
  assert.equal(slow.probes.calls.discover, 1, 'discovery after the head start, the probe still out');
  slow.probes.release();
  await settle();
  slow.monitor.dispose();
  // Again with discovery held: the probe's answer is published without waiting for SSH.
  const second = setup({ baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' });
  second.probes.hold.discover = true;
  second.monitor.start();
  await settle();
  const interim = second.monitor.getState();
  assert.equal(interim.phase, 'ready', 'ready before discovery answered');
  assert.equal(interim.reconciling, true);
  assert.equal(interim.serve?.source, 'cache');
  second.probes.release();
  await settle();
  assert.equal(second.monitor.getState().serve?.source, 'ssh');
  assert.equal(second.monitor.getState().reconciling, undefined);
  assert.deepEqual(second.probes.urls, [BASE_URL], 'one HTTPS request');
  assert.ok(states.every((s) => s.serve?.baseUrl === undefined || s.serve.baseUrl === BASE_URL));
  second.monitor.dispose();
});

test('a remembered URL of a Spark that moved: discovery wins, the new URL is probed, the log says what changed', async () => {
  const { monitor, probes, states, log } = setup({ baseUrl: OLD_URL, exposure: 'tailnet', source: 'cache' });
  monitor.start();
  await settle();
  const s = monitor.getState();
  assert.equal(s.phase, 'ready');
  assert.equal(s.serve?.baseUrl, BASE_URL);
  assert.equal(s.serve?.source, 'ssh');
  assert.deepEqual(probes.urls, [OLD_URL, BASE_URL]);
  assert.ok(!states.some((x) => x.phase === 'ready' && x.serve?.baseUrl === OLD_URL), 'the old URL was never healthy');
  assert.ok(log.lines.some((l) => l.includes(`Serve URL changed: ${OLD_URL} (last known) → ${BASE_URL}`)), log.lines.join('\n'));
  monitor.dispose();
});

test('a remembered URL that still answers but is no longer served: the state follows discovery', async () => {
  const { monitor, probes, log } = setup({ baseUrl: BASE_URL, exposure: 'tailnet', source: 'cache' });
  probes.answers.discover = { kind: 'notServed', finding: makeFinding('serve.nothingServed', { port: 30001 }) };
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'reachableNotServed');
  assert.equal(monitor.getState().serve, undefined);
  assert.ok(log.lines.some((l) => l.includes(`not using ${BASE_URL}`)));
  monitor.dispose();
});

test('cold start: the URL guessed from the MagicDNS name is probed at once, next to tailnet and discovery', async () => {
  const host = 'spark-56d0.tail1234.ts.net';
  const { monitor, probes } = setup(undefined, { host });
  probes.hold.discover = true;
  monitor.start();
  await settle();
  assert.deepEqual(probes.urls, [`https://${host}/v1`]);
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(monitor.getState().reconciling, true, 'targets wait for discovery');
  probes.release();
  await settle();
  assert.equal(monitor.getState().serve?.source, 'ssh');
  monitor.dispose();
});

test('cold start: a guessed URL that does not answer is not a finding; discovery finds the real one', async () => {
  const host = 'spark-56d0.tail1234.ts.net';
  const { monitor, probes } = setup(undefined, { host });
  probes.byUrl = new Map([['https://spark-56d0.tail1234.ts.net:8443/v1', okModels()]]);
  probes.answers.discover = served('https://spark-56d0.tail1234.ts.net:8443/v1');
  monitor.start();
  await settle();
  assert.equal(monitor.getState().phase, 'ready');
  assert.equal(monitor.getState().serve?.baseUrl, 'https://spark-56d0.tail1234.ts.net:8443/v1');
  assert.deepEqual(monitor.getState().findings, []);
  monitor.dispose();
});


test('cold start, SSH fails: the derived URL that answers stays (source derived, ready); the same with nothing answering is an error with the SSH reason', async () => {
  const host = 'spark-56d0.tail1234.ts.net';
  const refused = makeFinding('ssh.connectionRefused', { host, port: 22, where: host });
  const answering = setup(undefined, { host });
  answering.probes.answers.discover = { kind: 'failed', finding: refused };
  answering.monitor.start();
  await settle();
  assert.equal(answering.monitor.getState().phase, 'ready');
  assert.deepEqual(answering.monitor.getState().serve, { baseUrl: `https://${host}/v1`, exposure: 'tailnet', source: 'derived' });
  answering.monitor.dispose();

  const silent = setup(undefined, { host });
  silent.probes.answers.discover = { kind: 'failed', finding: refused };
  silent.probes.byUrl = new Map(); // every URL: DNS fails
  silent.monitor.start();
  await settle();
  assert.equal(silent.monitor.getState().phase, 'error');
  assert.equal(silent.monitor.getState().serve, undefined);
  assert.deepEqual(
    silent.monitor.getState().findings.map((f) => f.code),
    ['ssh.connectionRefused'],
  );
  silent.monitor.dispose();
});
