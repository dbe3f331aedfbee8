// Log following through the real SSH layer: lines arrive as they are written, and aborting the
// stream (closing the terminal) ends the remote journalctl — no follower is left on the Spark.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { detectTailscaleInstall } from '../../../src/core/remote/install';
import { followLog, followTailscaleCommand, followUnitArgv } from '../../../src/core/remote/journal';
import { FAST, startRemoteSpark } from './helpers';

function followersOf(user: string, command: string): number {
  try {
    return execFileSync('pgrep', ['-u', user, '-f', command], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('journalctl -f of the unit: backlog, then new lines live; abort ends the remote process', { timeout: 60_000 }, async () => {
  const t = await startRemoteSpark({ flavor: 'vllm', timings: FAST });
  try {
    const lines: string[] = [];
    const ac = new AbortController();
    const done = followLog(t.ctx(ac.signal), followUnitArgv('vllm'), (l) => lines.push(l));
    await waitFor(() => lines.length > 0, 10_000, 'the backlog');
    await waitFor(() => followersOf(t.spark.user.name, 'journalctl') > 0, 5000, 'the remote follower');
    const before = lines.length;
    t.spark.runAsRoot('systemctl', ['restart', 'vllm']);
    await waitFor(() => lines.length > before && lines.slice(before).some((l) => /Stopp|Start/.test(l)), 10_000, 'live lines after restart');
    ac.abort();
    await done.catch(() => undefined);
    await waitFor(() => followersOf(t.spark.user.name, 'journalctl') === 0, 5000, 'the remote journalctl to end');
  } finally {
    await t.stop();
  }
});

test('Tailscale logs: snap logs on a snap host, journalctl -u tailscaled elsewhere', { timeout: 60_000 }, async () => {
  for (const scenario of ['snap', 'healthy'] as const) {
    const t = await startRemoteSpark({ scenario, timings: FAST });
    try {
      const cmd = followTailscaleCommand(await detectTailscaleInstall(t.ctx()));
      assert.equal(cmd.argv[0], scenario === 'snap' ? 'snap' : 'journalctl');
      const lines: string[] = [];
      const ac = new AbortController();
      const done = followLog(t.ctx(ac.signal), cmd.argv, (l) => lines.push(l), cmd.sudo);
      await waitFor(() => lines.some((l) => l.includes('magicsock: home is now derp-4 (fra)')), 10_000, `${scenario} tailscaled lines`);
      ac.abort();
      await done.catch(() => undefined);
    } finally {
      await t.stop();
    }
  }
});
