// The Spark-side `tailscale` stand-in, driven through the real sshd with the OpenSSH client:
// exact serve texts, state changes visible to the next command and to the HTTPS front,
// permission rules (root / operator / neither), old syntax, funnel, prefs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectOutcome, httpsTo, startTestSpark, type TestSpark } from './helpers';

const NAME = 'spark-56d0.tail1234.ts.net';
const SERVING_JSON = `{
  "TCP": {
    "443": {
      "HTTPS": true
    }
  },
  "Web": {
    "${NAME}:443": {
      "Handlers": {
        "/": {
          "Proxy": "http://127.0.0.1:30001"
        }
      }
    }
  }
}
`;
const BG_SUCCESS = `Available within your tailnet:

https://${NAME}/
|-- proxy http://127.0.0.1:30001

Serve started and running in the background.
To disable the proxy, run: tailscale serve --https=443 off
`;

let t: TestSpark;
before(async () => {
  t = await startTestSpark({ timings: { riskCountdownMs: 250 } });
});
after(async () => {
  await t?.stop();
});

describe('serve status', () => {
  test('plain and --json texts of the healthy config, exactly', async () => {
    const plain = await t.ssh('tailscale serve status');
    assert.equal(plain.code, 0);
    assert.equal(plain.stdout, `https://${NAME} (tailnet only)\n|-- / proxy http://127.0.0.1:30001\n\n`);
    const json = await t.ssh('tailscale serve status --json');
    assert.equal(json.stdout, SERVING_JSON);
  });

  test('serve reset prints nothing, then status says "No serve config" / "{}" and the HTTPS URL is refused', async () => {
    const before = await httpsTo(t.spark, '/v1/models');
    assert.equal(before.status, 200);
    const reset = await t.ssh('sudo tailscale serve reset');
    assert.deepEqual(reset, { code: 0, stdout: '', stderr: '' });
    assert.equal((await t.ssh('tailscale serve status')).stdout, 'No serve config\n');
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    await new Promise((r) => setTimeout(r, 300)); // the front re-reads the config every 100 ms
    assert.equal(await connectOutcome(httpsTo(t.spark, '/v1/models')), 'ECONNREFUSED');
  });

  test('serve --bg --yes 30001 prints the exact success text and brings the URL back', async () => {
    const r = await t.ssh('sudo tailscale serve --bg --yes 30001');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, BG_SUCCESS);
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, SERVING_JSON);
    await new Promise((r2) => setTimeout(r2, 300));
    const models = await httpsTo(t.spark, '/v1/models');
    assert.equal(models.status, 200);
    assert.equal(JSON.parse(models.body).data[0].owned_by, 'sglang');
  });

  test('serve --https=443 off removes the handler; a second off says the handler does not exist', async () => {
    const off = await t.ssh('sudo tailscale serve --https=443 off');
    assert.deepEqual(off, { code: 0, stdout: '', stderr: '' });
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    const again = await t.ssh('sudo tailscale serve --https=443 off');
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'error: failed to remove web serve: handler does not exist\n\ntry `tailscale serve --help` for usage info\n');
    assert.equal((await t.ssh('sudo tailscale serve --bg 30001')).code, 0);
  });

  test('a path mount proxies with the mount stripped, and unknown paths get Go\'s 404', async () => {
    const r = await t.ssh('sudo tailscale serve --bg --set-path /llm 30001');
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`https://${NAME}/llm\\n\\|-- proxy http://127.0.0.1:30001\\n`));
    const status = await t.ssh('tailscale serve status');
    assert.equal(status.stdout, `https://${NAME} (tailnet only)\n|-- /    proxy http://127.0.0.1:30001\n|-- /llm proxy http://127.0.0.1:30001\n\n`);
    const viaMount = await httpsTo(t.spark, '/llm/v1/models');
    assert.equal(viaMount.status, 200);
    assert.equal(JSON.parse(viaMount.body).object, 'list');
    assert.equal((await t.ssh('sudo tailscale serve --https=443 --set-path /llm off')).code, 0);
    await t.ssh('sudo tailscale serve reset');
    await t.ssh('sudo tailscale serve --bg --set-path /only 30001');
    await new Promise((r2) => setTimeout(r2, 300));
    const miss = await httpsTo(t.spark, '/v1/models');
    assert.equal(miss.status, 404);
    assert.equal(miss.body, '404 page not found\n');
    await t.ssh('sudo tailscale serve reset');
    await t.ssh('sudo tailscale serve --bg 30001');
  });

  test('the old serve syntax fails with the migration hint on stderr, exit 1', async () => {
    const r = await t.ssh('sudo tailscale serve https / http://127.0.0.1:30001');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'Error: the CLI for serve and funnel has changed. You can run the following command instead:\n\t- tailscale serve --bg http://127.0.0.1:30001\n\nPlease see https://tailscale.com/kb/1242/tailscale-serve for more information.\ntry `tailscale serve --help` for usage info\n',
    );
  });

  test('funnel --bg marks the route public; status says (Funnel on); funnel off removes it', async () => {
    const r = await t.ssh('sudo tailscale funnel --bg 30001');
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      `Available on the internet:\n\nhttps://${NAME}/\n|-- proxy http://127.0.0.1:30001\n\nFunnel started and running in the background.\nTo disable the proxy, run: tailscale funnel --https=443 off\n`,
    );
    const json = JSON.parse((await t.ssh('tailscale serve status --json')).stdout);
    assert.deepEqual(json.AllowFunnel, { [`${NAME}:443`]: true });
    assert.equal(
      (await t.ssh('tailscale serve status')).stdout,
      `\n# Funnel on:\n#     - https://${NAME}\n\nhttps://${NAME} (Funnel on)\n|-- / proxy http://127.0.0.1:30001\n\n`,
    );
    assert.equal((await t.ssh('sudo tailscale funnel --https=443 off')).code, 0);
    assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
    await t.ssh('sudo tailscale serve --bg 30001');
  });
});

describe('who may write', () => {
  test('the operator user may serve without sudo (healthy: operator set)', async () => {
    const prefs = JSON.parse((await t.ssh('tailscale debug prefs')).stdout);
    assert.equal(prefs.OperatorUser, t.spark.user.name);
    const r = await t.ssh('tailscale serve --bg --yes 30001');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, BG_SUCCESS);
  });

  test('without operator, a non-root write gets the exact access-denied text and changes nothing', async () => {
    await t.spark.setScenario('operatorNotSet');
    try {
      await t.ssh('sudo tailscale serve reset');
      const r = await t.ssh('tailscale serve --bg --yes 30001');
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        "sending serve config: Access denied: serve config denied\n\nUse 'sudo tailscale serve --bg --yes 30001'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n",
      );
      assert.equal((await t.ssh('tailscale serve status --json')).stdout, '{}\n');
      // Reading needs no root.
      assert.equal((await t.ssh('tailscale status --json')).code, 0);
      // set as non-root, non-operator
      const set = await t.ssh(`tailscale set --operator=${t.spark.user.name}`);
      assert.equal(set.code, 1);
      assert.equal(
        set.stderr,
        `Access denied: checkprefs access denied\n\nUse 'sudo tailscale set --operator=${t.spark.user.name}'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.\n`,
      );
      // The runbook's fix: once with sudo, then it works without.
      assert.deepEqual(await t.ssh(`sudo tailscale set --operator=${t.spark.user.name}`), { code: 0, stdout: '', stderr: '' });
      assert.equal((await t.ssh('tailscale serve --bg --yes 30001')).code, 0);
      assert.equal((await t.ssh('tailscale serve status --json')).stdout, SERVING_JSON);
    } finally {
      await t.spark.setScenario('healthy');
    }
  });
});

describe('prefs, --socket, set --ssh', () => {
  test('debug prefs is tab-indented JSON with RunSSH and OperatorUser', async () => {
    const r = await t.ssh('sudo tailscale debug prefs');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\{\n\t"ControlURL": "https:\/\/controlplane.tailscale.com",\n/);
    const prefs = JSON.parse(r.stdout);
    assert.equal(prefs.RunSSH, false);
    assert.equal(prefs.OperatorUser, t.spark.user.name);
  });

  test('--socket is a root flag (before the subcommand); a wrong socket cannot connect', async () => {
    const ok = await t.ssh('tailscale --socket=/var/run/tailscale/tailscaled.sock serve status --json');
    assert.equal(ok.stdout, SERVING_JSON);
    const ok2 = await t.ssh('tailscale --socket /var/run/tailscale/tailscaled.sock serve status --json');
    assert.equal(ok2.stdout, SERVING_JSON);
    const bad = await t.ssh('tailscale --socket /tmp/nope.sock serve status');
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      'Failed to connect to local Tailscale daemon for /localapi/v0/serve-config; not running? Error: dial unix /tmp/nope.sock: connect: no such file or directory\n',
    );
  });

  test('set --ssh over Tailscale warns, counts down and aborts; --accept-risk=lose-ssh applies it', async () => {
    const r = await t.ssh('sudo tailscale set --ssh');
    assert.equal(r.code, 1);
    assert.ok(
      r.stdout.startsWith(
        'You are connected over Tailscale; this action will reroute SSH traffic to Tailscale SSH and will result in your session disconnecting.\nTo skip this warning, use --accept-risk=lose-ssh\n\rContinuing in 5 seconds...',
      ),
      JSON.stringify(r.stdout),
    );
    assert.equal(r.stderr, 'aborted, no changes made\n');
    assert.equal(JSON.parse((await t.ssh('tailscale debug prefs')).stdout).RunSSH, false);
    const ok = await t.ssh('sudo tailscale set --ssh --accept-risk=lose-ssh');
    assert.deepEqual(ok, { code: 0, stdout: '', stderr: '' });
    assert.equal(JSON.parse((await t.ssh('tailscale debug prefs')).stdout).RunSSH, true);
    assert.equal((await t.ssh('sudo tailscale set --ssh=false --accept-risk=lose-ssh')).code, 0);
  });

  test('version, ip, whois on the Spark', async () => {
    const v = await t.ssh('tailscale version');
    assert.equal(v.stdout.split('\n')[0], '1.86.2');
    assert.equal(JSON.parse((await t.ssh('tailscale version --json')).stdout).majorMinorPatch, '1.86.2');
    assert.equal((await t.ssh('tailscale ip -4')).stdout, '100.101.102.103\n');
    const w = await t.ssh('tailscale whois 100.101.102.103');
    assert.equal(
      w.stdout,
      `Machine:\n  Name:          ${NAME}\n  ID:            nSpark56d011CNTRL\n  Addresses:     [100.101.102.103/32 fd7a:115c:a1e0::8a01:6667/128]\n  Tags:          tag:spark\n`,
    );
    assert.deepEqual(await t.ssh('tailscale whois 100.99.99.99'), { code: 1, stdout: '', stderr: 'peer not found\n' });
  });

  test('status --json on the Spark: Self is the Spark, 2-space indent, no trailing newline', async () => {
    const r = await t.ssh('tailscale status --json');
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.endsWith('\n'));
    const st = JSON.parse(r.stdout);
    assert.equal(st.Self.DNSName, `${NAME}.`);
    assert.deepEqual(st.CertDomains, [NAME]);
    assert.ok('https' in st.Self.CapMap);
  });
});
