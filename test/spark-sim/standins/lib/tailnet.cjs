// What tailscaled would report about the tailnet, built from the sim state: the same
// shapes as `tailscale status --json` (see reference/examples/tailscale-status.json),
// once from the client's point of view (Self = the developer's machine "vm105") and once
// from the Spark's (Self = the Spark). Pure functions: no I/O here.
'use strict';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const VERSION = '1.86.2';
const LONG_VERSION = '1.86.2-t1a2b3c4d5-g6e7f8a9b0';

const SPARK_IPS = ['100.101.102.103', 'fd7a:115c:a1e0::8a01:6667'];
const CLIENT_IPS = ['100.64.12.34', 'fd7a:115c:a1e0::ab01:c22'];
const LAPTOP_IPS = ['100.88.7.6', 'fd7a:115c:a1e0::1f01:706'];

function suffixOf(state) {
  return state.magicDnsName.split('.').slice(1).join('.');
}

/**
 * A Spark's Tailscale IPs, node key and numeric id. One Spark uses the fixed values above; a
 * second Spark of a two-Spark sim (test/spark-sim/fleet.ts) brings its own in state.json.
 */
function sparkIdentity(state) {
  return {
    ips: state.tailscaleIps ?? SPARK_IPS,
    publicKey: state.publicKey ?? 'nodekey:f9cf2f1ee08972d4bdf2b653a25a3296908db4611c7649c400189728b1653603',
    nodeNumericId: state.nodeNumericId ?? 7700112233445566,
  };
}

function sparkNode(state, asSelf) {
  const online = asSelf ? true : state.online && state.tailscaled.running;
  const { ips: SPARK_IPS, publicKey, nodeNumericId } = sparkIdentity(state);
  const capMap = {};
  if (state.tailnet.httpsCerts) capMap.https = null;
  if (state.tailnet.funnel) {
    capMap.funnel = null;
    capMap['https://tailscale.com/cap/funnel-ports?ports=443,8443,10000'] = null;
  }
  capMap['https://tailscale.com/cap/ssh'] = null;
  const node = {
    ID: state.nodeId,
    NodeID: nodeNumericId,
    PublicKey: publicKey,
    HostName: state.hostName,
    DNSName: `${state.magicDnsName}.`,
    OS: 'linux',
    UserID: 2147455555,
    TailscaleIPs: SPARK_IPS,
    AllowedIPs: [`${SPARK_IPS[0]}/32`, `${SPARK_IPS[1]}/128`],
    Tags: ['tag:spark'],
    Addrs: asSelf ? ['198.51.100.20:41641', '192.168.1.20:41641'] : null,
    CurAddr: !asSelf && online ? '192.168.1.20:41641' : '',
    Relay: 'fra',
    PeerRelay: '',
    RxBytes: asSelf ? 0 : 184532,
    TxBytes: asSelf ? 0 : 90211,
    Created: '2026-01-14T11:02:45.119027334Z',
    LastWrite: online && !asSelf ? new Date(Date.now() - 2000).toISOString() : ZERO_TIME,
    // When it went away: off the tailnet, or (daemon stopped) when tailscaled stopped.
    LastSeen: online ? ZERO_TIME : (state.offlineSince ?? String(state.tailscaled.since).replace(/\.\d+Z$/, 'Z')),
    LastHandshake: online && !asSelf ? new Date(Date.now() - 30000).toISOString() : ZERO_TIME,
    Online: online,
    ExitNode: false,
    ExitNodeOption: false,
    Active: online && !asSelf,
    PeerAPIURL: [`http://${SPARK_IPS[0]}:33117`, `http://[${SPARK_IPS[1]}]:33117`],
    TaildropTarget: 9,
    NoFileSharingReason: '',
  };
  if (asSelf) {
    node.Capabilities = Object.keys(capMap).sort();
    node.CapMap = capMap;
  } else {
    // Peers' SSH host keys come from the control plane: the real keys of the Spark's sshd.
    node.sshHostKeys = state.sshHostKeys;
  }
  node.InNetworkMap = true;
  node.InMagicSock = !asSelf;
  node.InEngine = !asSelf && online;
  node.KeyExpiry = undefined;
  return node;
}

function clientNode(state, asSelf) {
  const suffix = suffixOf(state);
  const node = {
    ID: 'nVm105xyz11CNTRL',
    NodeID: 5311786341826171,
    PublicKey: 'nodekey:f88f496398453617ed5d8a0f853cb790b897c48e1b44dd215865a4eaf1e39ad3',
    HostName: 'vm105',
    DNSName: `vm105.${suffix}.`,
    OS: 'linux',
    UserID: 123456789012345,
    TailscaleIPs: CLIENT_IPS,
    AllowedIPs: [`${CLIENT_IPS[0]}/32`, `${CLIENT_IPS[1]}/128`],
    Addrs: asSelf ? ['203.0.113.10:41641', '192.168.1.105:41641'] : null,
    CurAddr: asSelf ? '' : '192.168.1.105:41641',
    Relay: 'fra',
    PeerRelay: '',
    RxBytes: 0,
    TxBytes: 0,
    Created: '2025-11-03T09:15:27.512345678Z',
    LastWrite: ZERO_TIME,
    LastSeen: ZERO_TIME,
    LastHandshake: ZERO_TIME,
    Online: true,
    ExitNode: false,
    ExitNodeOption: false,
    Active: !asSelf,
    PeerAPIURL: [`http://${CLIENT_IPS[0]}:52011`, `http://[${CLIENT_IPS[1]}]:52011`],
    TaildropTarget: 0,
    NoFileSharingReason: '',
  };
  if (asSelf) {
    node.Capabilities = [
      'HTTPS://TAILSCALE.COM/s/DEPRECATED-NODE-CAPS#see-https://github.com/tailscale/tailscale/issues/11508',
      'https',
      'https://tailscale.com/cap/file-sharing',
      'https://tailscale.com/cap/is-admin',
      'https://tailscale.com/cap/ssh',
    ];
    node.CapMap = {
      https: null,
      'https://tailscale.com/cap/file-sharing': null,
      'https://tailscale.com/cap/is-admin': null,
      'https://tailscale.com/cap/ssh': null,
    };
  }
  node.InNetworkMap = true;
  node.InMagicSock = false;
  node.InEngine = false;
  node.KeyExpiry = '2027-05-02T09:15:27Z';
  return node;
}

function laptopNode(state) {
  const suffix = suffixOf(state);
  return {
    ID: 'nOldLaptop11CNTRL',
    NodeID: 4455667788990011,
    PublicKey: 'nodekey:c103accea4383694340382b04e031350ae33377df27549968586c5e5b661da40',
    HostName: 'old-laptop',
    DNSName: `old-laptop.${suffix}.`,
    OS: 'macOS',
    UserID: 123456789012345,
    TailscaleIPs: LAPTOP_IPS,
    AllowedIPs: [`${LAPTOP_IPS[0]}/32`, `${LAPTOP_IPS[1]}/128`],
    Addrs: null,
    CurAddr: '',
    Relay: 'ams',
    PeerRelay: '',
    RxBytes: 0,
    TxBytes: 0,
    Created: '2024-06-30T08:21:09.772811203Z',
    LastWrite: ZERO_TIME,
    LastSeen: '2026-08-19T18:02:11Z',
    LastHandshake: ZERO_TIME,
    Online: false,
    ExitNode: false,
    ExitNodeOption: false,
    Active: false,
    PeerAPIURL: [`http://${LAPTOP_IPS[0]}:46012`, `http://[${LAPTOP_IPS[1]}]:46012`],
    TaildropTarget: 5,
    NoFileSharingReason: '',
    InNetworkMap: true,
    InMagicSock: true,
    InEngine: false,
    KeyExpiry: '2026-12-01T10:00:00Z',
  };
}

const USERS = {
  123456789012345: {
    ID: 123456789012345,
    LoginName: 'alice@example.com',
    DisplayName: 'Alice Example',
    ProfilePicURL: 'https://lh3.googleusercontent.com/a/example',
  },
  2147455555: { ID: 2147455555, LoginName: 'tagged-devices', DisplayName: 'Tagged Devices' },
};

/**
 * `tailscale status --json` as printed on the client ('client') or on the Spark ('spark').
 * siblings: the states of further Sparks on the same tailnet (two-Spark sim); the client sees
 * each as one more peer.
 */
function buildStatus(state, perspective, siblings = []) {
  const suffix = suffixOf(state);
  const loggedOut = perspective === 'client' && state.client.loggedOut;
  const self = perspective === 'client' ? clientNode(state, true) : sparkNode(state, true);
  const peers =
    perspective === 'client'
      ? [laptopNode(state), sparkNode(state, false), ...siblings.map((sib) => sparkNode(sib, false))]
      : [clientNode(state, false), laptopNode(state)];
  if (loggedOut) {
    self.TailscaleIPs = null;
    self.Online = false;
    self.DNSName = '';
  }
  const certDomains =
    perspective === 'client' ? [`vm105.${suffix}`] : state.tailnet.httpsCerts ? [state.magicDnsName] : null;
  const status = {
    Version: LONG_VERSION,
    TUN: true,
    BackendState: loggedOut ? 'NeedsLogin' : 'Running',
    HaveNodeKey: !loggedOut,
    AuthURL: loggedOut ? state.client.authUrl : '',
    TailscaleIPs: loggedOut ? null : self.TailscaleIPs,
    Self: self,
    Health: loggedOut ? ['You are logged out. The last login error was: no active login'] : [],
    MagicDNSSuffix: loggedOut ? '' : suffix,
    CurrentTailnet: loggedOut ? null : { Name: 'example.com', MagicDNSSuffix: suffix, MagicDNSEnabled: true },
    CertDomains: loggedOut ? null : certDomains,
    ExtraRecords: null,
  };
  if (!loggedOut) {
    const peerMap = {};
    for (const p of peers) peerMap[p.PublicKey] = p;
    // Map keys are sorted in the real output.
    status.Peer = Object.fromEntries(Object.entries(peerMap).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  status.User = loggedOut ? null : USERS;
  status.ClientVersion = { RunningLatest: true };
  // Go's encoder drops no fields here, but our `undefined` placeholders must vanish.
  return JSON.parse(JSON.stringify(status));
}

/** Every node by the names `tailscale ping/whois/ip` accept (siblings: further Sparks, client side). */
function nodes(state, siblings = []) {
  const suffix = suffixOf(state);
  const spark = (s) => ({
    kind: 'spark',
    host: s.hostName,
    fqdn: s.magicDnsName,
    ips: sparkIdentity(s).ips,
    id: s.nodeId,
    tags: ['tag:spark'],
    reachable: s.online && s.tailscaled.running,
  });
  return [
    spark(state),
    ...siblings.map(spark),
    { kind: 'client', host: 'vm105', fqdn: `vm105.${suffix}`, ips: CLIENT_IPS, id: 'nVm105xyz11CNTRL', user: 'alice@example.com' },
    { kind: 'laptop', host: 'old-laptop', fqdn: `old-laptop.${suffix}`, ips: LAPTOP_IPS, id: 'nOldLaptop11CNTRL', user: 'alice@example.com' },
  ];
}

function findNode(state, query, siblings = []) {
  const q = String(query).replace(/\.$/, '').toLowerCase();
  return nodes(state, siblings).find((n) => n.host === q || n.fqdn === q || n.ips.includes(q)) ?? null;
}

function versionText() {
  return `${VERSION}\n  tailscale commit: 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b\n  long version: ${LONG_VERSION}\n  other commit: 6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f\n  go version: go1.24.6\n`;
}

function versionJson() {
  return {
    majorMinorPatch: VERSION,
    short: VERSION,
    long: LONG_VERSION,
    unstableBranch: false,
    gitCommit: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
    extraGitCommit: '6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
    cap: 125,
  };
}

module.exports = { buildStatus, nodes, findNode, versionText, versionJson, SPARK_IPS, CLIENT_IPS, VERSION, LONG_VERSION, ZERO_TIME };
