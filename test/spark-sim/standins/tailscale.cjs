#!/usr/bin/env node
// Stand-in for the `tailscale` CLI, on the Spark (TAILSPARK_SIM_SIDE=spark, reached over SSH)
// and on the developer's machine (TAILSPARK_SIM_SIDE=client). Output formats, error texts,
// exit codes and permission rules follow tailscale 1.86 (see reference/tailscale-cli.md);
// the tailnet itself is the sim's state.json.
'use strict';
const os = require('node:os');
const { statePathFromEnv, load, update, sleepSync } = require('./lib/state.cjs');
const { buildStatus, findNode, versionText, versionJson } = require('./lib/tailnet.cjs');

const SIDE = process.env.TAILSPARK_SIM_SIDE === 'client' ? 'client' : 'spark';
const statePath = statePathFromEnv();
const state = load(statePath);
// Two-Spark sim (test/spark-sim/fleet.ts): the client also sees the other Sparks of the tailnet.
const siblings = SIDE === 'client' ? (state.fleetPeers ?? []).flatMap((p) => { try { return [load(p)]; } catch { return []; } }) : [];

const SNAP_SOCKET = '/var/snap/tailscale/common/socket/tailscaled.sock';
const DEB_SOCKET = '/var/run/tailscale/tailscaled.sock';

function out(text) {
  process.stdout.write(text);
}
// On Linux, writes to pipes and files are synchronous, so exiting right away loses nothing.
function exit(code) {
  process.exit(code);
}
function fail(message, code = 1) {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  exit(code);
}

// ---- root flags (before the subcommand), like the Go flag package ----------------------

const isSnap = SIDE === 'spark' && state.install === 'snap';
// /snap/bin/tailscale is a wrapper that already passes --socket to the real binary.
const fullArgs = isSnap ? ['--socket', SNAP_SOCKET, ...process.argv.slice(2)] : process.argv.slice(2);

function parseRootFlags(args) {
  let socket = null;
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    const a = args[i];
    const m = /^--?socket(?:=(.*))?$/.exec(a);
    if (!m) break;
    let value = m[1];
    if (value === undefined) {
      value = args[i + 1] ?? '';
      i += 2;
    } else {
      i += 1;
    }
    if (socket !== null) fail(`invalid value "${value}" for flag -socket: flag provided multiple times`, 2);
    socket = value;
  }
  return { socket, rest: args.slice(i) };
}

const { socket, rest } = parseRootFlags(fullArgs);
const [command, ...cmdArgs] = rest;

function daemonUp() {
  return SIDE === 'client' ? state.client.daemon : state.tailscaled.running;
}
function socketPath() {
  return socket ?? (isSnap ? SNAP_SOCKET : DEB_SOCKET);
}
function socketExists() {
  const p = socketPath();
  if (isSnap) return p === SNAP_SOCKET;
  return p === DEB_SOCKET || p === '/run/tailscale/tailscaled.sock';
}
/** The LocalAPI is reachable: daemon running and the right socket. Otherwise the raw error. */
function requireDaemon(apiPath) {
  if (daemonUp() && socketExists()) return;
  fail(
    `Failed to connect to local Tailscale daemon for ${apiPath}; not running? Error: dial unix ${socketPath()}: connect: no such file or directory`,
  );
}
function requireDaemonForStatus() {
  if (daemonUp() && socketExists()) return;
  // `tailscale status` rewrites the connect error (fixTailscaledConnectError on Linux).
  fail("failed to connect to local tailscaled; it doesn't appear to be running (sudo systemctl start tailscaled ?)");
}

// ---- who is calling ---------------------------------------------------------------------

const uid = process.getuid();
const callerName = os.userInfo().username;
function mayWrite() {
  return uid === 0 || (state.prefs.OperatorUser !== '' && state.prefs.OperatorUser === callerName);
}
/** tailscale's own wrapping of LocalAPI access-denied errors for non-root callers. */
function accessDenied(err) {
  fail(
    `${err}\n\nUse 'sudo tailscale ${fullArgs.join(' ')}'.\nTo not require root, use 'sudo tailscale set --operator=$USER' once.`,
  );
}

// ---- serve ------------------------------------------------------------------------------

function hostPort(port) {
  return `${state.magicDnsName}:${port}`;
}

function serveStatusText(sc) {
  let text = '';
  // printFunnelStatus runs first: a "# Funnel on:" block when any route is public.
  const funnels = Object.entries(sc?.AllowFunnel ?? {}).filter(([, on]) => on);
  if (funnels.length) {
    text += '\n# Funnel on:\n';
    for (const [hp] of funnels) {
      const idx = hp.lastIndexOf(':');
      const port = hp.slice(idx + 1);
      text += `#     - https://${hp.slice(0, idx)}${port === '443' ? '' : `:${port}`}\n`;
    }
    text += '\n';
  }
  if (!sc || (isEmptyObj(sc.TCP) && isEmptyObj(sc.Web) && isEmptyObj(sc.AllowFunnel))) return `${text}No serve config\n`;
  for (const hp of Object.keys(sc.Web ?? {})) {
    const funnel = sc.AllowFunnel?.[hp] ? 'Funnel on' : 'tailnet only';
    const idx = hp.lastIndexOf(':');
    const host = hp.slice(0, idx);
    const port = hp.slice(idx + 1);
    const http = sc.TCP?.[port]?.HTTP === true;
    const scheme = http ? 'http' : 'https';
    const portPart = (scheme === 'https' && port === '443') || (scheme === 'http' && port === '80') ? '' : `:${port}`;
    if (http) text += `${scheme}://${host.split('.')[0]}${portPart} (${funnel})\n`;
    text += `${scheme}://${host}${portPart} (${funnel})\n`;
    const mounts = Object.keys(sc.Web[hp].Handlers ?? {}).sort((a, b) => a.length - b.length);
    const maxLen = mounts.length ? mounts[mounts.length - 1].length : 0;
    for (const m of mounts) {
      const [t, d] = handlerDesc(sc.Web[hp].Handlers[m]);
      text += `|-- ${m}${' '.repeat(maxLen - m.length)} ${t.padEnd(5)} ${d}\n`;
    }
    text += '\n';
  }
  return text;
}

function isEmptyObj(o) {
  return !o || Object.keys(o).length === 0;
}

function handlerDesc(h) {
  if (h.Path) return ['path', h.Path];
  if (h.Proxy) return ['proxy', h.Proxy];
  if (h.Text) return ['text', `"${h.Text.length <= 20 ? h.Text : `${h.Text.slice(0, 17)}...`}"`];
  return ['', ''];
}

/** Go's json.MarshalIndent(sc, "", "  ") + "\n" ; an empty config is `{}`. */
function serveJson(sc) {
  return `${JSON.stringify(sc ?? {}, null, 2)}\n`;
}

function expandTarget(target) {
  if (/^\d+$/.test(target)) return `http://127.0.0.1:${target}`;
  let src = target;
  if (!src.includes('://')) src = `http://${src}`;
  let u;
  try {
    u = new URL(src);
  } catch {
    fail(`parsing url: parse "${src}": invalid URI for request`);
  }
  if (!['http:', 'https:', 'https+insecure:'].includes(u.protocol)) {
    fail('must be a URL starting with http://, https://, or https+insecure://');
  }
  if (!['localhost', '127.0.0.1'].includes(u.hostname)) fail('only localhost or 127.0.0.1 proxies are currently supported');
  // ipn.ExpandProxyTargetValue keeps the host as written (u.Host = hostname:port): "localhost"
  // stays "localhost"; only a bare port becomes http://127.0.0.1:<port>.
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname === '/' && !/\/$/.test(src) ? '' : u.pathname}`;
}

function legacyTranslation(args) {
  // `tailscale serve https / http://127.0.0.1:30001` (pre-1.52 syntax).
  let a = args;
  const turnOff = a.length > 1 && a[a.length - 1] === 'off';
  if (turnOff) a = a.slice(0, -1);
  if (a.length === 0) return null;
  let [srcType, srcPort] = a[0].split(':');
  if (srcPort === undefined) {
    if (srcType === 'https') srcPort = '443';
    else if (srcType === 'http') srcPort = '80';
    else return null;
  }
  const wantLength = srcType === 'https' || srcType === 'http' ? 3 : srcType === 'tcp' || srcType === 'tls-terminated-tcp' ? 2 : 0;
  if (!wantLength) return null;
  if (a.length !== wantLength && !(turnOff && a.length === wantLength - 1)) return null;
  const cmd = ['tailscale', 'serve', '--bg'];
  if (srcType === 'https' && srcPort !== '443') cmd.push(`--https ${srcPort}`);
  if (srcType === 'http') cmd.push(`--http ${srcPort}`);
  if (srcType === 'tcp' || srcType === 'tls-terminated-tcp') cmd.push(`--${srcType} ${srcPort}`);
  if (wantLength === 3 && a[1] !== '/') cmd.push(`--set-path ${a[1]}`);
  if (!turnOff || a.length === wantLength) cmd.push(a[a.length - 1]);
  if (turnOff) cmd.push('off');
  return cmd.join(' ');
}

function parseServeFlags(args, mode) {
  const flags = { bg: false, yes: false, https: 0, http: 0, setPath: '' };
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      positional.push(...args.slice(i));
      break;
    }
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) fail(`flag provided but not defined: ${a}`, 2);
    const [, name, inline] = m;
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      return args[i];
    };
    switch (name) {
      case 'bg':
        flags.bg = inline === undefined ? true : inline === 'true';
        break;
      case 'yes':
        flags.yes = inline === undefined ? true : inline === 'true';
        break;
      case 'https':
        flags.https = Number(value());
        break;
      case 'http':
        if (mode === 'funnel') fail('flag provided but not defined: -http', 2);
        flags.http = Number(value());
        break;
      case 'set-path':
        flags.setPath = value();
        break;
      default:
        fail(`flag provided but not defined: -${name}`, 2);
    }
  }
  return { flags, positional };
}

function cmdServe(mode, args) {
  const name = mode;
  if (args[0] === 'status') {
    const json = args.includes('--json') || args.includes('-json');
    if (!daemonUp() || !socketExists()) requireDaemon('/localapi/v0/serve-config');
    const sc = state.serve;
    if (json) out(serveJson(sc));
    else out(serveStatusText(sc));
    return exit(0);
  }
  if (args[0] === 'reset') {
    requireDaemon('/localapi/v0/serve-config');
    if (!mayWrite()) accessDenied('sending serve config: Access denied: serve config denied');
    update(statePath, (s) => {
      s.serve = {};
    });
    return exit(0);
  }
  const { flags, positional } = parseServeFlags(args, mode);
  const translation = legacyTranslation(positional);
  if (translation !== null || (mode === 'funnel' && positional.length === 2 && /^\d+$/.test(positional[0]) && ['on', 'off'].includes(positional[1]))) {
    let msg = 'Error: the CLI for serve and funnel has changed.';
    if (translation) msg += ` You can run the following command instead:\n\t- ${translation}\n`;
    msg += '\nPlease see https://tailscale.com/kb/1242/tailscale-serve for more information.\n';
    process.stderr.write(msg);
    fail(`try \`tailscale ${name} --help\` for usage info`);
  }
  if (positional.length === 0) {
    out(`USAGE\n  tailscale ${name} <target>\n  tailscale ${name} status [--json]\n  tailscale ${name} reset\n`);
    return exit(0);
  }
  if (positional.length > 2) {
    process.stderr.write(`Error: invalid number of arguments (${positional.length})\n`);
    fail(`try \`tailscale ${name} --help\` for usage info`);
  }
  const turnOff = positional[positional.length - 1] === 'off';
  if (positional.length === 2 && !turnOff) {
    process.stderr.write('Error: invalid argument format\n');
    fail(`try \`tailscale ${name} --help\` for usage info`);
  }
  requireDaemon('/localapi/v0/serve-config');
  const useHttp = flags.http !== 0;
  const port = useHttp ? flags.http : flags.https || 443;
  const mount = flags.setPath ? (flags.setPath.startsWith('/') ? flags.setPath : `/${flags.setPath}`) : '/';
  const hp = hostPort(port);

  if (turnOff) {
    const sc = structuredClone(state.serve ?? {});
    const handlers = sc.Web?.[hp]?.Handlers;
    if (!handlers || (flags.setPath && !handlers[mount])) {
      process.stderr.write('error: failed to remove web serve: handler does not exist\n\n');
      fail(`try \`tailscale ${name} --help\` for usage info`);
    }
    if (flags.setPath) delete handlers[mount];
    else for (const m of Object.keys(handlers)) delete handlers[m];
    if (Object.keys(handlers).length === 0) {
      delete sc.Web[hp];
      if (sc.TCP) delete sc.TCP[String(port)];
      if (sc.AllowFunnel) delete sc.AllowFunnel[hp];
    }
    for (const k of ['Web', 'TCP', 'AllowFunnel']) if (sc[k] && Object.keys(sc[k]).length === 0) delete sc[k];
    if (!mayWrite()) accessDenied('sending serve config: Access denied: serve config denied');
    update(statePath, (s) => {
      s.serve = sc;
    });
    return exit(0);
  }

  if (mode === 'funnel' && !state.tailnet.funnel) {
    out(`\nFunnel is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/funnel?node=${state.nodeId}\n\n`);
    return exit(0);
  }
  // No port check here: serve_v2.go calls verifyFunnelEnabled(ctx, 443) whatever --https says
  // (1.103), so `funnel --https=8080` is written; only 443/8443/10000 reach the internet
  // (funnel-ports capability). Tailspark checks the port itself (FUNNEL_PORTS).
  // HTTPS serve needs Serve + HTTPS on the tailnet: the control plane answers with this text,
  // and the CLI exits 0 without applying anything.
  if (!useHttp && !state.tailnet.serveEnabled) {
    out(`\nServe is not enabled on your tailnet.\nTo enable, visit:\n\n         https://login.tailscale.com/f/serve?node=${state.nodeId}\n\n`);
    if (!state.tailnet.enableWaits) return exit(0);
    // ShouldWait: block until the capability shows up (the admin enabled Serve), then go on.
    while (!load(statePath).tailnet.serveEnabled) sleepSync(200);
    Object.assign(state, load(statePath));
  }
  const target = expandTarget(positional[0]);
  if (!flags.bg) {
    // Foreground serve: lives as long as this process (Ctrl+C to exit).
    return foregroundServe(mode, hp, port, useHttp, mount, target);
  }
  if (!mayWrite()) accessDenied('sending serve config: Access denied: serve config denied');
  const next = update(statePath, (s) => {
    s.serve = applyHandler(s.serve ?? {}, hp, port, useHttp, mount, target, mode === 'funnel');
    return s.serve;
  });
  out(`${portMessage(next, mode, hp, port, useHttp, true)}\n`);
  return exit(0);
}

function applyHandler(sc, hp, port, useHttp, mount, target, funnel) {
  sc.TCP = sc.TCP ?? {};
  sc.TCP[String(port)] = useHttp ? { HTTP: true } : { HTTPS: true };
  sc.Web = sc.Web ?? {};
  sc.Web[hp] = sc.Web[hp] ?? { Handlers: {} };
  sc.Web[hp].Handlers[mount] = { Proxy: target };
  if (funnel) {
    sc.AllowFunnel = sc.AllowFunnel ?? {};
    sc.AllowFunnel[hp] = true;
  } else if (sc.AllowFunnel?.[hp]) {
    process.stderr.write(`Removing Funnel for ${state.magicDnsName}:${hp}\n`);
    delete sc.AllowFunnel[hp];
    if (Object.keys(sc.AllowFunnel).length === 0) delete sc.AllowFunnel;
  }
  return sc;
}

function portMessage(sc, mode, hp, port, useHttp, bg) {
  const scheme = useHttp ? 'http' : 'https';
  const portPart = (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80) ? '' : `:${port}`;
  let msg = sc.AllowFunnel?.[hp] ? 'Available on the internet:' : 'Available within your tailnet:';
  msg += '\n\n';
  const handlers = sc.Web?.[hp]?.Handlers ?? {};
  for (const m of Object.keys(handlers).sort((a, b) => a.length - b.length)) {
    const [t, d] = handlerDesc(handlers[m]);
    msg += `${scheme}://${state.magicDnsName}${portPart}${m}\n`;
    msg += `|-- ${t.padEnd(5)} ${d}\n\n`;
  }
  if (!bg) return `${msg}Press Ctrl+C to exit.`;
  const upper = mode[0].toUpperCase() + mode.slice(1);
  msg += `${upper} started and running in the background.\n`;
  msg += `To disable the proxy, run: tailscale ${mode} --${useHttp ? 'http' : 'https'}=${port} off`;
  return msg;
}

function foregroundServe(mode, hp, port, useHttp, mount, target) {
  if (state.serve?.TCP?.[String(port)]) {
    fail(`background configuration already exists, use \`tailscale ${mode} --${useHttp ? 'http' : 'https'}=${port} off\` to remove the existing configuration`);
  }
  if (!mayWrite()) accessDenied('sending serve config: Access denied: serve config denied');
  const session = `sim-${process.pid}`;
  const sc = update(statePath, (s) => {
    s.serve = s.serve ?? {};
    s.serve.Foreground = s.serve.Foreground ?? {};
    s.serve.Foreground[session] = applyHandler({}, hp, port, useHttp, mount, target, mode === 'funnel');
    return s.serve.Foreground[session];
  });
  out(`${portMessage(sc, mode, hp, port, useHttp, false)}\n`);
  const cleanup = () => {
    update(statePath, (s) => {
      if (s.serve?.Foreground) {
        delete s.serve.Foreground[session];
        if (Object.keys(s.serve.Foreground).length === 0) delete s.serve.Foreground;
      }
    });
    process.exit(0);
  };
  process.on('SIGINT', cleanup);
  process.on('SIGTERM', cleanup);
  process.on('SIGHUP', cleanup);
  setInterval(() => {
    if (!require('node:fs').existsSync(statePath)) process.exit(0);
  }, 500);
}

// ---- set / debug prefs --------------------------------------------------------------------

/** ≤ 1.86: "Continuing in N seconds..." for five seconds, then abort (it never continued). */
function countdownThenAbort() {
  const tick = Math.max(1, Math.round((state.timings.riskCountdownMs ?? 5000) / 5));
  let msgLen = 0;
  for (let left = 5; left > 0; left--) {
    const msg = `\rContinuing in ${left} seconds...`;
    msgLen = msg.length;
    out(msg);
    sleepSync(tick);
  }
  out(`\r${' '.repeat(msgLen)}\r`);
  fail('aborted, no changes made');
}

/** One line from a terminal stdin (only used when both ends are TTYs, like prompt.YesNo). */
function readLineSync() {
  const buf = Buffer.alloc(256);
  let line = '';
  for (;;) {
    let n = 0;
    try {
      n = require('node:fs').readSync(0, buf, 0, buf.length, null);
    } catch {
      return line;
    }
    if (n === 0) return line;
    line += buf.subarray(0, n).toString('utf8');
    if (line.includes('\n')) return line.split('\n')[0];
  }
}

function cmdSet(args) {
  requireDaemon('/localapi/v0/prefs');
  const edits = {};
  let acceptRisk = '';
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m) fail(`too many non-flag arguments: ${JSON.stringify(args.slice(i))}`);
    const [, name, inline] = m;
    const value = () => {
      if (inline !== undefined) return inline;
      i += 1;
      return args[i] ?? '';
    };
    if (name === 'operator') edits.OperatorUser = value();
    else if (name === 'ssh') edits.RunSSH = inline === undefined ? true : inline === 'true';
    else if (name === 'accept-risk') acceptRisk = value();
    else if (name === 'hostname') edits.Hostname = value();
    else fail(`flag provided but not defined: -${name}`, 2);
  }
  if (edits.RunSSH !== undefined && edits.RunSSH !== state.prefs.RunSSH && state.sshOverTailscale) {
    const accepted = acceptRisk.split(',').some((r) => r === 'lose-ssh' || r === 'all');
    if (!accepted) {
      const message = edits.RunSSH
        ? 'You are connected over Tailscale; this action will reroute SSH traffic to Tailscale SSH and will result in your session disconnecting.'
        : 'You are connected using Tailscale SSH; this action will result in your session disconnecting.';
      out(`${message}\nTo skip this warning, use --accept-risk=lose-ssh\n`);
      // ≥ 1.88 (cli/risks.go presentRiskToUser → prompt.YesNo("Continue?", false)): with stdin and
      // stdout both terminals it asks "Continue? [y/N] "; otherwise it answers the default (no) at once.
      if (state.riskPrompt === 'yesNo') {
        if (process.stdin.isTTY && process.stdout.isTTY) {
          out('Continue? [y/N] ');
          const answer = readLineSync().trim().toLowerCase();
          if (!['y', 'yes', 'sure'].includes(answer)) fail('aborted, no changes made');
        } else {
          fail('aborted, no changes made');
        }
      } else {
        countdownThenAbort();
      }
    }
  }
  if (!mayWrite()) accessDenied('Access denied: checkprefs access denied');
  update(statePath, (s) => {
    Object.assign(s.prefs, edits);
  });
  return exit(0);
}

function prefsJson() {
  const p = state.prefs;
  const prefs = {
    ControlURL: 'https://controlplane.tailscale.com',
    RouteAll: false,
    ExitNodeID: '',
    ExitNodeIP: '',
    InternalExitNodePrior: '',
    ExitNodeAllowLANAccess: false,
    CorpDNS: true,
    RunSSH: p.RunSSH,
    RunWebClient: false,
    WantRunning: true,
    LoggedOut: false,
    ShieldsUp: false,
    AdvertiseTags: SIDE === 'spark' ? ['tag:spark'] : null,
    Hostname: p.Hostname ?? '',
    NotepadURLs: false,
    AdvertiseRoutes: null,
    AdvertiseServices: null,
    NoSNAT: false,
    NoStatefulFiltering: true,
    NetfilterMode: 2,
    OperatorUser: SIDE === 'spark' ? p.OperatorUser : '',
    AutoUpdate: { Check: true, Apply: false },
    AppConnector: { Advertise: false },
    PostureChecking: false,
    NetfilterKind: '',
    DriveShares: null,
    AllowSingleHosts: true,
    Config: {
      PrivateNodeKey: 'privkey:0000000000000000000000000000000000000000000000000000000000000000',
      OldPrivateNodeKey: 'privkey:0000000000000000000000000000000000000000000000000000000000000000',
      UserProfile: { ID: SIDE === 'spark' ? 2147455555 : 123456789012345, LoginName: SIDE === 'spark' ? 'tagged-devices' : 'alice@example.com', DisplayName: SIDE === 'spark' ? 'Tagged Devices' : 'Alice Example' },
      NetworkLockKey: 'nlpriv:0000000000000000000000000000000000000000000000000000000000000000',
      NodeID: SIDE === 'spark' ? state.nodeId : 'nVm105xyz11CNTRL',
    },
  };
  return `${JSON.stringify(prefs, null, '\t')}\n`;
}

// ---- ping / whois / ip / status ---------------------------------------------------------

/**
 * The latency as cmd/tailscale/cli/ping.go prints it: time.Duration rounded to the millisecond,
 * then Duration.String(): "0s", "12ms", "1.234s", "1m2.5s".
 */
function goDuration(ms) {
  const total = Math.round(ms);
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const sec = ((total % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
}

function cmdPing(args) {
  requireDaemon('/localapi/v0/status');
  let count = 10;
  let host = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      host = a;
      continue;
    }
    const [, name, inline] = m;
    const takesValue = ['c', 'timeout', 'size'].includes(name);
    const v = takesValue ? (inline ?? args[++i]) : inline;
    if (name === 'c') count = Number(v);
  }
  if (!host) fail('usage: ping <hostname-or-IP>');
  const node = findNode(state, host, siblings);
  if (!node) fail(`error looking up IP of "${host}": no matching peer`);
  const self = SIDE === 'client' ? 'client' : 'spark';
  if (node.kind === self) {
    fail(`error: ${node.ips[0]} is local Tailscale IP`);
  }
  const reachable = node.kind === 'spark' ? node.reachable : node.kind === 'client';
  if (!reachable) {
    for (let i = 0; i < Math.max(1, count); i++) {
      out(`ping "${node.ips[0]}" timed out\n`);
    }
    fail('no reply');
  }
  const n = Math.max(1, count);
  const base = state.timings.pingMs ?? 2;
  for (let i = 0; i < n; i++) out(`pong from ${node.host} (${node.ips[0]}) via 192.168.1.20:41641 in ${goDuration(base + (i % 3))}\n`);
  return exit(0);
}

function cmdWhois(args) {
  requireDaemon('/localapi/v0/whois');
  const q = args.filter((a) => !a.startsWith('-'))[0];
  if (!q) fail('usage: tailscale whois [--json] ip[:port]');
  const ip = q.replace(/^\[/, '').replace(/\](:\d+)?$/, '').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  const node = findNode(state, ip, siblings);
  if (!node?.ips.includes(ip)) fail('peer not found');
  let text = 'Machine:\n';
  text += `  Name:          ${node.fqdn}\n`;
  text += `  ID:            ${node.id}\n`;
  text += `  Addresses:     [${node.ips[0]}/32 ${node.ips[1]}/128]\n`;
  if (node.tags) text += `  Tags:          ${node.tags.join(', ')}\n`;
  else text += `User:\n  Name:     ${node.user}\n  ID:       123456789012345\n`;
  out(text);
  return exit(0);
}

function cmdIp(args) {
  requireDaemon('/localapi/v0/status');
  const v4 = args.includes('-4') || args.includes('--4');
  const v6 = args.includes('-6') || args.includes('--6');
  const peer = args.find((a) => !a.startsWith('-'));
  const node = peer ? findNode(state, peer, siblings) : findNode(state, SIDE === 'client' ? 'vm105' : state.hostName);
  if (!node) fail(`no such peer: ${peer}`);
  const ips = node.ips.filter((ip) => (v4 ? !ip.includes(':') : v6 ? ip.includes(':') : true));
  out(ips.map((ip) => `${ip}\n`).join(''));
  return exit(0);
}

function cmdStatus(args) {
  const json = args.includes('--json') || args.includes('-json');
  requireDaemonForStatus();
  const st = buildStatus(state, SIDE, siblings);
  if (json) {
    out(JSON.stringify(st, null, 2));
    return exit(0);
  }
  if (st.BackendState === 'NeedsLogin') {
    out(`Logged out.\n${st.AuthURL ? `\nLog in at: ${st.AuthURL}\n` : ''}`);
    return exit(1);
  }
  const rows = [st.Self, ...Object.values(st.Peer ?? {})];
  let text = '';
  for (const n of rows) {
    const user = st.User?.[String(n.UserID)]?.LoginName ?? '';
    const who = n.Tags ? 'tagged-devices' : user.split('@')[0] ? `${user.split('@')[0]}@` : '-';
    let tail = '-';
    if (n !== st.Self) tail = n.Online ? (n.CurAddr ? `active; direct ${n.CurAddr}, tx ${n.TxBytes} rx ${n.RxBytes}` : '-') : `offline, last seen ${n.LastSeen}`;
    text += `${n.TailscaleIPs[0].padEnd(16)} ${n.HostName.padEnd(16)} ${who.padEnd(15)} ${n.OS.padEnd(7)} ${tail}\n`;
  }
  out(text);
  return exit(0);
}

function cmdCert() {
  requireDaemon('/localapi/v0/cert');
  if (!state.tailnet.httpsCerts) fail('HTTPS cert support is not enabled/configured for your tailnet.');
  if (!mayWrite()) accessDenied('Access denied: cert access denied');
  out(`Wrote public cert to ${state.magicDnsName}.crt\nWrote private key to ${state.magicDnsName}.key\n`);
  return exit(0);
}

function main() {
  switch (command) {
    case 'status':
      return cmdStatus(cmdArgs);
    case 'serve':
      return cmdServe('serve', cmdArgs);
    case 'funnel':
      return cmdServe('funnel', cmdArgs);
    case 'set':
      return cmdSet(cmdArgs);
    case 'debug':
      if (cmdArgs[0] === 'prefs') {
        requireDaemon('/localapi/v0/prefs');
        out(prefsJson());
        return exit(0);
      }
      return fail(`tailscale debug: unknown subcommand: ${cmdArgs[0] ?? ''}`);
    case 'ping':
      return cmdPing(cmdArgs);
    case 'whois':
      return cmdWhois(cmdArgs);
    case 'ip':
      return cmdIp(cmdArgs);
    case 'cert':
      return cmdCert();
    case 'version':
      if (cmdArgs.includes('--json') || cmdArgs.includes('-json')) out(`${JSON.stringify(versionJson(), null, '\t')}\n`);
      else out(versionText());
      return exit(0);
    case undefined:
      out('USAGE\n  tailscale [flags] <subcommand> [command flags]\n');
      return exit(0);
    default:
      return fail(`tailscale: unknown subcommand: ${command}`);
  }
}

main();
