// The ssh_config reader on its own: it never runs a program (Match exec, CanonicalizeHostname),
// Include works with Windows paths through the ConfigFiles seam, and broken lines say where.
// Agreement with OpenSSH itself is checked in test/integration/ssh/openssh-config-oracle.test.ts.
import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { test } from 'node:test';
import type { ConfigFiles } from '../../../src/core/ssh/sshConfigRead';

test('resolving a config never starts a program, whatever it asks for (exec, canonicalisation)', () => {
  const calls: string[] = [];
  const cp = childProcess as unknown as Record<string, unknown>;
  const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
  const saved = names.map((n) => cp[n]);
  for (const n of names) {
    cp[n] = (...args: unknown[]) => {
      calls.push(`${n} ${String(args[0])}`);
      throw new Error('no programs while resolving ssh_config');
    };
  }
  try {
    // Loaded after the patch, so a module that captured child_process at load time is caught too.
    const { resolveTarget } = require('../../../src/core/ssh/sshConfig') as typeof import('../../../src/core/ssh/sshConfig');
    const config = [
      'CanonicalizeHostname yes',
      'CanonicalDomains tail1234.ts.net example.org',
      'CanonicalizeMaxDots 0',
      'Match exec "touch /tmp/tailspark-should-not-exist"',
      '  User evil',
      'Match canonical host spark.*',
      '  Port 2222',
      'Host spark',
      '  HostName %h',
      '',
    ].join('\n');
    const t = resolveTarget({ target: 'spark', sshConfigText: config, pathEnv: { platform: 'linux', home: '/home/ada', env: { USER: 'ada' } } });
    assert.equal(t.user, 'ada');
    assert.equal(t.host, 'spark', 'no DNS: the name stays as written');
  } finally {
    names.forEach((n, i) => {
      cp[n] = saved[i];
    });
  }
  assert.deepEqual(calls, []);
});

test('Include on Windows: relative to %USERPROFILE%\\.ssh, globbed and sorted, through the files seam', () => {
  const { resolveTarget } = require('../../../src/core/ssh/sshConfig') as typeof import('../../../src/core/ssh/sshConfig');
  const tree: Record<string, string> = {
    'C:\\Users\\Ada\\.ssh\\conf.d\\b.conf': 'Host spark\n  Port 2002\n',
    'C:\\Users\\Ada\\.ssh\\conf.d\\a.conf': 'Host spark\n  User fromA\n  Port 2001\n',
  };
  const files: ConfigFiles = {
    platform: 'win32',
    home: 'C:\\Users\\Ada',
    read: (f) => tree[f],
    list: (d) => (d === 'C:\\Users\\Ada\\.ssh\\conf.d' ? ['b.conf', 'a.conf', 'notes.txt'] : undefined),
  };
  const t = resolveTarget({
    target: 'spark',
    sshConfigText: 'Include conf.d/*.conf\n',
    configFiles: files,
    pathEnv: { platform: 'win32', home: 'C:\\Users\\Ada', env: { USERNAME: 'ada' } },
  });
  assert.equal(t.user, 'fromA');
  assert.equal(t.port, 2001, 'a.conf is read before b.conf');
});

test('an unclosed quote, a lonely Match attribute and an Include loop are errors naming the file and line', () => {
  const { resolveTarget } = require('../../../src/core/ssh/sshConfig') as typeof import('../../../src/core/ssh/sshConfig');
  const pathEnv = { platform: 'linux' as const, home: '/home/ada', env: { USER: 'ada' } };
  assert.throws(() => resolveTarget({ target: 'h', sshConfigText: 'Host h\n  IdentityFile "~/.ssh/open\n', sshConfigPath: '/c', pathEnv }), /\/c line 2: missing closing quote/);
  assert.throws(() => resolveTarget({ target: 'h', sshConfigText: 'Match host\n', sshConfigPath: '/c', pathEnv }), /\/c line 1: missing Match criteria/);
  const loop: ConfigFiles = { platform: 'linux', home: '/home/ada', read: () => 'Include /loop.conf\n', list: () => [] };
  assert.throws(() => resolveTarget({ target: 'h', sshConfigText: 'Include /loop.conf\n', configFiles: loop, pathEnv }), /too many nested Include/);
});
