// A `tailscale status --json` of a big tailnet (N peers plus one tag:spark Spark), shaped like
// tailscaled's output: tab-indented, every peer with the fields a real PeerStatus carries.
// Used by the 10k-peer unit test and the discovery benchmark.

type Peer = ReturnType<typeof peerOf>;

function peer(i: number, tailnet: string): Peer {
  return peerOf(i, tailnet);
}

function peerOf(i: number, tailnet: string) {
  const a = (i >> 8) & 0xff;
  const b = i & 0xff;
  const v4 = `100.${64 + (i >> 16)}.${a}.${b}`;
  const v6 = `fd7a:115c:a1e0::${(i >> 16).toString(16)}:${i.toString(16).padStart(4, '0')}`;
  const key = i.toString(16).padStart(64, '0');
  return {
    ID: `n${i.toString(36).padStart(8, '0')}CNTRL`,
    PublicKey: `nodekey:${key}`,
    HostName: `dev-${i}`,
    DNSName: `dev-${i}.${tailnet}.`,
    OS: ['linux', 'macOS', 'windows', 'iOS'][i % 4],
    UserID: 100000000000000 + (i % 500),
    TailscaleIPs: [v4, v6],
    AllowedIPs: [`${v4}/32`, `${v6}/128`],
    Addrs: null,
    CurAddr: '',
    Relay: ['fra', 'ams', 'nyc', 'sfo'][i % 4],
    PeerRelay: '',
    RxBytes: 0,
    TxBytes: 0,
    Created: '2024-06-30T08:21:09.772811203Z',
    LastWrite: '0001-01-01T00:00:00Z',
    LastSeen: '2026-08-19T18:02:11Z',
    LastHandshake: '0001-01-01T00:00:00Z',
    Online: i % 3 === 0,
    ExitNode: false,
    ExitNodeOption: false,
    Active: false,
    PeerAPIURL: [`http://${v4}:46012`, `http://[${v6}]:46012`],
    TaildropTarget: 5,
    NoFileSharingReason: '',
    Capabilities: ['https://tailscale.com/cap/is-admin', 'https://tailscale.com/cap/file-sharing'],
    CapMap: { 'https://tailscale.com/cap/file-sharing': null },
    sshHostKeys: [`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${key.slice(0, 43)}`],
    InNetworkMap: true,
    InMagicSock: true,
    InEngine: false,
    KeyExpiry: '2026-12-01T10:00:00Z',
  };
}

/** Status text with `peers` ordinary peers and one Spark ("spark-56d0", tag:spark) among them. */
export function bigStatusJson(peers: number, tailnet = 'tail1234.ts.net'): string {
  const Peer: Record<string, Peer & { Tags?: string[] }> = {};
  for (let i = 1; i <= peers; i++) {
    const p = peer(i, tailnet);
    Peer[String(p.PublicKey)] = p;
  }
  const spark = { ...peer(peers + 1, tailnet), HostName: 'spark-56d0', DNSName: `spark-56d0.${tailnet}.`, Tags: ['tag:spark'], Online: true, CurAddr: '192.168.1.20:41641' };
  Peer[String(spark.PublicKey)] = spark;
  const self = { ...peer(0, tailnet), HostName: 'laptop', DNSName: `laptop.${tailnet}.`, Online: true };
  const status = {
    Version: '1.86.2-t1a2b3c4d5-g6e7f8a9b0',
    TUN: true,
    BackendState: 'Running',
    HaveNodeKey: true,
    AuthURL: '',
    TailscaleIPs: self.TailscaleIPs,
    Self: self,
    Health: [],
    MagicDNSSuffix: tailnet,
    CurrentTailnet: { Name: 'example.com', MagicDNSSuffix: tailnet, MagicDNSEnabled: true },
    CertDomains: [`laptop.${tailnet}`],
    Peer,
    User: null,
    ClientVersion: null,
  };
  return JSON.stringify(status, null, '\t');
}
