// Tailnet peers: the Spark as seen from this machine (src/core/tailnet).
// Each entry: code → severity, title, detail, fixes (src/core/findings/index.ts has makeFinding).
import { agoText } from '../time';
import type { CatalogueEntry } from './types';
import { COMMANDS } from '../commands';

export const tailnetFindings = {
  'tailnet.pingFailed': {
    severity: 'error',
    title: (c) => `tailscale ping ${c.host ?? ''} got no answer`.replace('  ', ' '),
    detail: (c) =>
      `"tailscale ping" to ${c.host ?? 'the Spark'} failed (${c.message ?? 'no reply'}). The Spark is offline, tailscaled there is stopped, or the tailnet path is blocked. Check that the Spark is powered on and that tailscaled runs there.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.doctor } }],
  },
  'tailnet.noSparkPeer': {
    severity: 'error',
    title: () => 'No Spark found on the tailnet',
    detail: (c) =>
      `None of the ${c.peerCount ?? 0} tailnet peers is tagged tag:spark or has a host name starting with "spark". Set tailspark.spark.host to the Spark's MagicDNS name, Tailscale IP or tag.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
  'tailnet.peerNotFound': {
    severity: 'error',
    title: (c) => `"${c.selector ?? '?'}" is not on the tailnet`,
    detail: (c) =>
      `No tailnet peer matches "${c.selector ?? '?'}" (host name, MagicDNS name, Tailscale IP or tag:…). Peers seen: ${c.peers || 'none'}.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
  'tailnet.peerAmbiguous': {
    severity: 'warning',
    title: () => 'More than one possible Spark',
    detail: (c) =>
      `Several peers match ${c.selector ? `"${c.selector}"` : 'tag:spark / a "spark" host name'}: ${c.candidates ?? '?'}. Set tailspark.spark.host to the one you mean.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
  'tailnet.peerOffline': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The Spark'} is offline`,
    detail: (c) =>
      `The tailnet reports ${c.host ?? 'the Spark'} as offline${c.lastSeen ? ` (last seen ${agoText(String(c.lastSeen))})` : ''}. Check that it is powered on and that tailscaled runs there.`,
    fixes: () => [{ label: 'Retry', action: { kind: 'command', command: COMMANDS.refresh } }],
  },
  'tailnet.peerRelayed': {
    severity: 'info',
    title: () => 'Connection to the Spark is relayed',
    detail: (c) =>
      `Traffic to ${c.host ?? 'the Spark'} goes through the DERP relay "${c.relay ?? '?'}" instead of a direct path: it works, but slower. A firewall or NAT blocks UDP 41641 between the machines.`,
    fixes: () => [],
  },
  'tailnet.peerKeyExpired': {
    severity: 'error',
    title: (c) => `${c.host ?? 'The Spark'}'s Tailscale key expired`,
    detail: (c) =>
      `The node key of ${c.host ?? 'the Spark'} expired; it cannot talk to the tailnet until it logs in again or an admin disables key expiry for it.`,
    fixes: () => [
      { label: 'Open Admin Console', action: { kind: 'openUrl', url: 'https://login.tailscale.com/admin/machines' } },
    ],
  },
  'tailnet.lanAddress': {
    severity: 'warning',
    title: () => 'Host is a LAN address, not a tailnet one',
    detail: (c) =>
      `The configured host ${c.host ?? '?'} is a private LAN address. It only works inside that LAN and bypasses Tailscale (no MagicDNS name, no Serve certificate). Use the Spark's MagicDNS name${c.suggestion ? ` (${c.suggestion})` : ' (…ts.net)'} or its 100.x Tailscale IP.`,
    fixes: () => [{ label: 'Set Host', action: { kind: 'openSettings', setting: 'tailspark.spark.host' } }],
  },
} satisfies Record<string, CatalogueEntry>;
