// `npm start` (scripts/demo.mjs) without the editor part: it starts the emulated Spark under
// plain node, prints how to reach it, takes live commands, and leaves nothing behind on quit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

test('demo --no-editor: prints the Spark, obeys commands, quits cleanly', async () => {
  const child = spawn(process.execPath, [resolve(__dirname, '../../../scripts/demo.mjs'), '--no-editor', '--flavor', 'vllm'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const waitFor = async (re: RegExp) => {
    const deadline = Date.now() + 60_000;
    while (!re.test(out)) {
      assert.ok(Date.now() < deadline, `timed out waiting for ${re} in:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await waitFor(/Ctrl-C stops everything\./);
    assert.match(out, /Spark {8}spark-56d0\.tail1234\.ts\.net → 127\.\d+\.\d+\.\d+ \(emulated vLLM, scenario healthy\)/);
    const sshConfig = /ssh -F (\S+) spark-56d0/.exec(out)?.[1];
    assert.ok(sshConfig && existsSync(sshConfig));
    child.stdin.write('scenario sparkOffline\nstate\n');
    await waitFor(/ok: scenario sparkOffline/);
    await waitFor(/"online": false/);
    child.stdin.write('quit\n');
    assert.equal(await exited, 0);
    assert.match(out, /Stopped: no processes, test user or files left behind\./);
    assert.ok(!existsSync(sshConfig));
  } finally {
    if (child.exitCode === null) child.kill('SIGINT');
  }
});
