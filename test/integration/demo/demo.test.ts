// `npm start -- --no-editor`: every command line the demo prints works exactly as printed (run
// through bash, stdin closed), and stopping it — with Ctrl-C after the reader of its stdout is
// gone, as with `npm start | tee log` — leaves none of its temp folders behind.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '../../..');
const LABELS = /^ {2}(SSH|curl|CLI \w+) {2,}(.+)$/;

test('demo --no-editor: every printed command succeeds as printed; SIGINT with a closed stdout pipe removes its temp folders', { timeout: 240_000 }, async () => {
  const demo = spawn(process.execPath, [join(ROOT, 'scripts/demo.mjs'), '--no-editor', '--api-key', 'sk-demo-test'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  demo.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => demo.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo not ready in 180 s:\n${out}\n${err}`)), 180_000);
      demo.stdout.on('data', (d) => {
        out += d;
        if (/^Commands:/m.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      demo.on('exit', (code) => reject(new Error(`demo exited early (${code}):\n${out}\n${err}`)));
    });

    const lines = out
      .split('\n')
      .map((l) => LABELS.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ label: m[1]!, command: m[2]! }));
    assert.deepEqual(
      lines.map((l) => l.label),
      ['SSH', 'curl', 'CLI detect', 'CLI probe', 'CLI run'],
    );
    for (const { label, command } of lines) {
      const r = spawnSync('bash', ['-c', command], { input: '', encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `${label}: ${command}\n${r.stdout}\n${r.stderr}`);
      if (label === 'curl') assert.match(r.stdout, /"object":\s*"list"/);
      if (label === 'CLI probe') assert.match(r.stdout, /^OK /m);
      if (label === 'CLI run') assert.equal(r.stdout.trim(), 'active');
    }

    const sshConfig = /ssh -F (\S+)/.exec(out)![1]!;
    const caCert = /--cacert (\S+)/.exec(out)![1]!;
    const folders = [dirname(sshConfig), dirname(dirname(caCert))];
    for (const f of folders) assert.ok(existsSync(f), f);

    // `| tee log` + Ctrl-C: the reader is gone first, then the signal arrives.
    demo.stdout.destroy();
    demo.kill('SIGINT');
    assert.equal(await exited, 0, err);
    for (const f of folders) assert.equal(existsSync(f), false, `${f} left behind`);
  } finally {
    if (demo.exitCode === null) demo.kill('SIGKILL');
  }
});
