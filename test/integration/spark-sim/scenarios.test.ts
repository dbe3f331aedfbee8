// Every scenario of the emulated Spark, switched at runtime with setScenario, checked with the
// exact texts the real tools print: remote side over the real sshd, client side via the local
// `tailscale` stand-in, HTTPS via the serve front.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHECK_URL } from '../../spark-sim';
import { connectOutcome, httpsTo, run, sleep, startTestSpark, type TestSpark } from './helpers';

const NAME = 'spark-56d0.tail1234.ts.net';
const SNAP_SOCKET = '/var/snap/tailscale/common/socket/tailscaled.sock';

let t: TestSpark;
before(async () => {
  t = await startTestSpark({ timings: { healthMs: 100 } });
});
after(async () => {
  await t?.stop();
});

const client = (...args: string[]) => run(t.spark.clientTailscalePath, args);
async function sparkPeer() {
  const st = JSON.parse((await client('status', '--json')).stdout);
  return Object.values(st.Peer as Record<string, { DNSName: string; Online: boolean; LastSeen: string; sshHostKeys?: string[] }>).find(
    (p) => p.DNSName === `${NAME}.`,
  )!;
}

describe('healthy, seen from the client', () => {
  test('status --json lists the Spark peer with its DNSName, Online and the sshd\'s real host key', async () => {
    const r = await client('status', '--json');
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.endsWith('\n'));
    const st = JSON.parse(r.stdout);
    assert.equal(st.BackendState, 'Running');
    assert.equal(st.Self.HostName, 'vm105');
    const peer = await sparkPeer();
    assert.equal(peer.Online, true);
    assert.equal(peer.LastSeen, '0001-01-01T00:00:00Z');
    assert.deepEqual(peer.sshHostKeys, [t.spark.sshd.hostKeyLine.split(' ').slice(0, 2).join(' ')]);
  });

  test('ping -c 1 pongs; whois names the tagged Spark; ip -4 of the peer', async () => {
    const p = await client('ping', '-c', '1', '--until-direct=false', '--timeout', '3s', 'spark-56d0');
    assert.deepEqual(p, { code: 0, stdout: 'pong from spark-56d0 (100.101.102.103) via 192.168.1.20:41641 in 2ms\n', stderr: '' });
    assert.match((await client('whois', '100.101.102.103')).stdout, /^Machine:\n {2}Name: {10}spark-56d0\.tail1234\.ts\.net\n/);
    assert.equal((await client('ip', '-4', NAME)).stdout, '100.101.102.103\n');
  });
});

describe('tailnet-side scenarios', () => {
  test('serveNotEnabled: serve --bg prints the enable block, exits 0 and applies nothing', async () => {
    await t.spark.setScenario('serveNotEnabled');
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    const r = await t.ssh('sudo tailscale serve --bg --yes 30001');
    assert.deepEqual(r, {
      code: 0,
      stdout: '\nServe is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL\n\n',
      stderr: '',
    });
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    assert.equal(await connectOutcome(httpsTo(t.spark, '/v1/models')), 'ECONNREFUSED');
    assert.equal(JSON.parse((await t.ssh('tailscale status --json')).stdout).CertDomains, null);
  });

  test('httpsCertsDisabled: tailscale cert refuses; the serve URL fails the TLS handshake', async () => {
    await t.spark.setScenario('httpsCertsDisabled');
    const cert = await t.ssh(`sudo tailscale cert ${NAME}`);
    assert.deepEqual(cert, { code: 1, stdout: '', stderr: 'HTTPS cert support is not enabled/configured for your tailnet.\n' });
    const outcome = await connectOutcome(httpsTo(t.spark, '/v1/models'));
    assert.ok(['ECONNRESET', 'EPROTO'].includes(outcome), outcome);
    const st = JSON.parse((await t.ssh('tailscale status --json')).stdout);
    assert.equal(st.CertDomains, null);
    assert.ok(!('https' in st.Self.CapMap));
  });

  test('tlsWrongName: a valid certificate for another node → hostname mismatch', async () => {
    await t.spark.setScenario('tlsWrongName');
    assert.equal(await connectOutcome(httpsTo(t.spark, '/v1/models')), 'ERR_TLS_CERT_ALTNAME_INVALID');
    await t.spark.setScenario('healthy');
    assert.equal((await httpsTo(t.spark, '/v1/models')).status, 200);
  });

  test('daemonDown: every tailscale command fails with the exact connect errors; the peer looks offline', async () => {
    await t.spark.setScenario('daemonDown');
    try {
      assert.deepEqual(await t.ssh('tailscale status --json'), {
        code: 1,
        stdout: '',
        stderr: "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n",
      });
      const serve = await t.ssh('sudo tailscale serve --bg --yes 30001');
      assert.equal(serve.code, 1);
      assert.equal(
        serve.stderr,
        'Failed to connect to local Tailscale daemon for /localapi/v0/serve-config; not running? Error: dial unix /var/run/tailscale/tailscaled.sock: connect: no such file or directory\n',
      );
      assert.match((await t.ssh('systemctl status tailscaled')).stdout, /^○ tailscaled\.service - Tailscale node agent\n/);
      assert.equal((await sparkPeer()).Online, false);
      assert.equal(await connectOutcome(httpsTo(t.spark, '/v1/models')), 'ECONNREFUSED');
    } finally {
      await t.spark.setScenario('healthy');
    }
    assert.equal((await t.ssh('tailscale status --json')).code, 0);
  });
});

describe('snap install', () => {
  before(async () => {
    await t.spark.setScenario('snap');
  });
  after(async () => {
    await t.spark.setScenario('healthy');
  });

  test('the snap wrapper already passes --socket: reads work, a second --socket is exit 2', async () => {
    assert.equal((await t.ssh('tailscale serve status')).stdout, `https://${NAME} (tailnet only)\n|-- / proxy http://127.0.0.1:30001\n\n`);
    const twice = await t.ssh(`sudo tailscale --socket ${SNAP_SOCKET} serve status --json`);
    assert.deepEqual(twice, { code: 2, stdout: '', stderr: `invalid value "${SNAP_SOCKET}" for flag -socket: flag provided multiple times\n` });
  });

  test('operator unset on the snap: the denial echoes the injected --socket args', async () => {
    const r = await t.ssh('tailscale serve --bg 30001');
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale --socket ${SNAP_SOCKET} serve --bg 30001'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n`,
    );
    assert.equal((await t.ssh('sudo tailscale serve --bg 30001')).code, 0);
  });

  test('no tailscaled.service; snap services / logs / list answer instead', async () => {
    assert.deepEqual(await t.ssh('systemctl status tailscaled'), { code: 4, stdout: '', stderr: 'Unit tailscaled.service could not be found.\n' });
    assert.equal((await t.ssh('systemctl is-active snap.tailscale.tailscaled')).stdout, 'active\n');
    assert.deepEqual(await t.ssh('snap services tailscale'), {
      code: 0,
      stdout: 'Service               Startup  Current   Notes\ntailscale.tailscaled  enabled  active    -\n',
      stderr: '',
    });
    const logs = await t.ssh('sudo snap logs tailscale -n 2');
    assert.equal(logs.code, 0);
    const lines = logs.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ tailscale\.tailscaled\[\d+\]: /);
    assert.match((await t.ssh('snap list tailscale')).stdout, /^Name +Version +Rev +Tracking +Publisher +Notes\ntailscale +1\.86\.2 /);
  });

  test('on a deb install snap knows no tailscale', async () => {
    await t.spark.setScenario('healthy');
    assert.deepEqual(await t.ssh('snap list tailscale'), { code: 1, stdout: '', stderr: 'error: no matching snaps installed\n' });
    assert.deepEqual(await t.ssh('snap services tailscale'), { code: 1, stdout: '', stderr: 'error: snap "tailscale" not found\n' });
    await t.spark.setScenario('snap');
  });
});

describe('reachability', () => {
  test('sparkOffline: client shows Online:false + LastSeen, ping times out, SSH and HTTPS are refused; back online works', async () => {
    await t.spark.setScenario('sparkOffline');
    try {
      const peer = await sparkPeer();
      assert.equal(peer.Online, false);
      assert.match(peer.LastSeen, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.notEqual(peer.LastSeen, '0001-01-01T00:00:00Z');
      assert.deepEqual(await client('ping', '-c', '1', 'spark-56d0'), { code: 1, stdout: 'ping "100.101.102.103" timed out\n', stderr: 'no reply\n' });
      const ssh = await t.ssh('true');
      assert.equal(ssh.code, 255);
      assert.match(ssh.stderr, /connect to host [\d.]+ port 22: Connection refused/);
      assert.equal(await connectOutcome(httpsTo(t.spark, '/v1/models')), 'ECONNREFUSED');
    } finally {
      await t.spark.setScenario('healthy');
    }
    assert.equal((await t.ssh('echo back')).stdout, 'back\n');
    assert.equal((await httpsTo(t.spark, '/v1/models')).status, 200);
  });

  test('takeOffline()/bringOnline() toggle the same way without changing the scenario', async () => {
    await t.spark.takeOffline();
    assert.equal(t.spark.scenario(), 'healthy');
    assert.equal((await sparkPeer()).Online, false);
    assert.equal(await connectOutcome(httpsTo(t.spark, '/health')), 'ECONNREFUSED');
    await t.spark.bringOnline();
    assert.equal((await sparkPeer()).Online, true);
    assert.equal((await httpsTo(t.spark, '/health')).status, 200);
  });
});

describe('Tailscale SSH greetings', () => {
  after(async () => {
    await t.spark.setScenario('healthy');
  });

  test('check mode: the banner carries the check URL and the session never completes', async () => {
    await t.spark.setScenario('tailscaleSshCheckMode');
    const t0 = Date.now();
    const r = await t.ssh('echo should-not-run', { timeoutMs: 2500, logLevel: 'INFO' });
    assert.notEqual(r.code, 0);
    assert.ok(Date.now() - t0 >= 2400, 'the session should hang until our timeout');
    assert.ok(r.stderr.includes(`# Tailscale SSH requires an additional check.\n# To authenticate, visit: ${CHECK_URL}\n`), r.stderr);
    assert.equal(r.stdout, '');
  });

  test('policy rejected: the banner says so and authentication fails', async () => {
    await t.spark.setScenario('tailscaleSshPolicyRejected');
    const r = await t.ssh('true', { logLevel: 'INFO' });
    assert.equal(r.code, 255);
    assert.ok(r.stderr.includes('tailscale: tailnet policy does not permit you to SSH to this node\n'), r.stderr);
    assert.match(r.stderr, /Permission denied \(/);
    await t.spark.setScenario('healthy');
    assert.equal((await t.ssh('echo ok')).stdout, 'ok\n');
  });
});

describe('client-side scenarios', () => {
  after(async () => {
    await t.spark.setScenario('healthy');
  });

  test('clientDaemonDown: the local CLI cannot reach tailscaled', async () => {
    await t.spark.setScenario('clientDaemonDown');
    assert.deepEqual(await client('status', '--json'), {
      code: 1,
      stdout: '',
      stderr: "failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)\n",
    });
    const ping = await client('ping', '-c', '1', 'spark-56d0');
    assert.equal(ping.code, 1);
    assert.match(ping.stderr, /^Failed to connect to local Tailscale daemon for \/localapi\/v0\/status; not running\? Error: dial unix /);
    // The Spark itself is fine.
    assert.equal((await t.ssh('tailscale status --json')).code, 0);
  });

  test('clientLoggedOut: status --json says NeedsLogin with exit 0; plain status says Logged out.', async () => {
    await t.spark.setScenario('clientLoggedOut');
    const r = await client('status', '--json');
    assert.equal(r.code, 0);
    const st = JSON.parse(r.stdout);
    assert.equal(st.BackendState, 'NeedsLogin');
    assert.equal(st.Peer, undefined);
    assert.equal(st.AuthURL, 'https://login.tailscale.com/a/1a2b3c4d5e6f');
    assert.deepEqual(await client('status'), { code: 1, stdout: 'Logged out.\n\nLog in at: https://login.tailscale.com/a/1a2b3c4d5e6f\n', stderr: '' });
    await sleep(10);
  });
});

describe('enable-and-wait', () => {
  test('serveNotEnabledWaits: serve --bg blocks after the enable block until Serve is enabled, then applies', async () => {
    await t.spark.setScenario('serveNotEnabledWaits');
    const pending = t.ssh('sudo tailscale serve --bg --yes 30002', { timeoutMs: 20_000 });
    await sleep(1500);
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    // The admin follows the link: the tailnet now allows Serve (the healthy scenario).
    await t.spark.setScenario('healthy');
    const r = await pending;
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith('\nServe is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/serve?node=nSpark56d011CNTRL\n\n'));
    assert.ok(r.stdout.endsWith('Serve started and running in the background.\nTo disable the proxy, run: tailscale serve --https=443 off\n'));
    assert.match(r.stdout, /\|-- proxy http:\/\/127\.0\.0\.1:30002\n/);
    assert.match((await t.ssh('tailscale serve status')).stdout, /\|-- \/ proxy http:\/\/127\.0\.0\.1:30002\n/);
    await t.ssh('sudo tailscale serve --bg 30001');
  });

  test('a client that gives up (timeout) on the blocked command leaves nothing applied', async () => {
    await t.spark.setScenario('serveNotEnabledWaits');
    try {
      const r = await t.ssh('sudo tailscale serve --bg --yes 30001', { timeoutMs: 1500 });
      assert.notEqual(r.code, 0);
      assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    } finally {
      await t.spark.setScenario('healthy');
    }
  });
});
