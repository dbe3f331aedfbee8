#!/usr/bin/env node
// The emulated `tailscale serve` HTTPS front on <address>:443 (and every other HTTPS port the
// config serves, e.g. a Funnel on 8443), run by the harness:
//   node serve-front.cjs <state.json>
// It follows the CURRENT serve config in state.json (polled every 100 ms), like tailscaled:
// - no HTTPS handler on port 443 (e.g. after `tailscale serve reset`), tailscaled stopped or
//   the Spark offline → nothing listens, so connections are refused (on a real node the
//   packet reaches the OS, where nothing listens on :443 → RST);
// - a handler exists → TLS with the MagicDNS certificate (or the wrong-name certificate, or a
//   failed handshake when HTTPS certificates are disabled), then the longest matching mount
//   proxies to its target; "127.0.0.1" in the target means the Spark's own loopback, which for
//   the sim is the instance's address;
// - no mount matches → Go's "404 page not found"; upstream down → 502 with an empty body
//   (httputil.ReverseProxy's default).
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');
const { load } = require('../standins/lib/state.cjs');

const statePath = process.argv[2];
let state = load(statePath);
const contexts = {
  good: tls.createSecureContext({ cert: fs.readFileSync(state.tls.certPath), key: fs.readFileSync(state.tls.keyPath) }),
  wrong: tls.createSecureContext({ cert: fs.readFileSync(state.tls.wrongNameCertPath), key: fs.readFileSync(state.tls.wrongNameKeyPath) }),
};
const agent = new http.Agent({ keepAlive: true });

/** The state as of now (each TLS handshake and request re-reads it: config changes apply at once). */
function fresh() {
  try {
    state = load(statePath);
  } catch {
    // mid-rename: keep the last good copy
  }
  return state;
}

function serveConfigs() {
  const sc = state.serve ?? {};
  return [sc, ...Object.values(sc.Foreground ?? {})];
}
/** The HTTPS ports tailscaled would listen on now (none when it is stopped or offline). */
function wantedPorts() {
  if (!state.online || !state.tailscaled.running) return new Set();
  const ports = serveConfigs().flatMap((sc) => Object.entries(sc.TCP ?? {}).filter(([, h]) => h?.HTTPS === true).map(([p]) => Number(p)));
  return new Set(ports);
}
function wantListening(port = 443) {
  return wantedPorts().has(port);
}

function findHandler(hostHeader, path, port = 443) {
  const host = String(hostHeader ?? '').replace(/:\d+$/, '');
  for (const sc of serveConfigs()) {
    const web = sc.Web?.[`${host}:${port}`];
    if (!web) continue;
    const mounts = Object.keys(web.Handlers ?? {}).sort((a, b) => b.length - a.length);
    for (const m of mounts) {
      const base = m.endsWith('/') ? m : `${m}/`;
      if (m === '/' || path === m || path.startsWith(base)) return { mount: m, handler: web.Handlers[m] };
    }
  }
  return null;
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('404 page not found\n');
}

function proxy(req, res, mount, target) {
  const t = new URL(target);
  const url = new URL(req.url, 'https://x');
  let rest = url.pathname.slice(mount === '/' ? 0 : mount.replace(/\/$/, '').length);
  if (!rest.startsWith('/')) rest = `/${rest}`;
  const basePath = t.pathname === '/' ? '' : t.pathname.replace(/\/$/, '');
  const upstreamPath = `${basePath}${rest}${url.search}`;
  // The Spark's 127.0.0.1 is this instance's loopback address.
  const upstreamHost = ['127.0.0.1', 'localhost'].includes(t.hostname) ? state.address : t.hostname;
  const headers = { ...req.headers };
  // Hop-by-hop headers stay on their hop, as in Go's httputil.ReverseProxy (what Serve uses): a
  // client's "Connection: close" must not close the pooled upstream connection under us.
  for (const h of ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']) delete headers[h];
  headers.host = `${t.hostname}${t.port ? `:${t.port}` : ''}`;
  headers['x-forwarded-for'] = req.socket.remoteAddress;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'https';
  headers['tailscale-user-login'] = 'alice@example.com';
  headers['tailscale-user-name'] = 'Alice Example';
  const up = http.request(
    { host: upstreamHost, port: Number(t.port || 80), method: req.method, path: upstreamPath, headers, agent },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      res.flushHeaders();
      upRes.pipe(res);
      // Only an unfinished upstream answer is cut: a finished one's socket is already back in the
      // keep-alive pool, and destroying it would break the next request sent on it (a 400).
      res.on('close', () => {
        if (!upRes.complete) upRes.destroy();
      });
    },
  );
  up.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-length': 0 });
      res.end();
    } else res.destroy();
  });
  req.pipe(up);
  req.on('aborted', () => up.destroy());
}

const tlsOptions = {
  SNICallback: (_name, cb) => {
    fresh();
    if (state.cert === 'none') cb(new Error('tls: no certificate: HTTPS certificates are not enabled for this tailnet'));
    else cb(null, contexts[state.cert === 'wrong' ? 'wrong' : 'good']);
  },
  // Clients that send no SNI (an IP URL) get the node certificate, as tailscaled does.
  cert: fs.readFileSync(state.tls.certPath),
  key: fs.readFileSync(state.tls.keyPath),
};

/** One line per request, for tests (RunningSpark.frontRequests): "<ms> <method> <path> key|nokey". */
const requestLog = require('node:path').join(require('node:path').dirname(statePath), 'front-requests.log');
function handle(req, res) {
  fresh();
  try {
    fs.appendFileSync(requestLog, `${Date.now()} ${req.method} ${new URL(req.url, 'https://x').pathname} ${req.headers.authorization ? 'key' : 'nokey'}\n`);
  } catch {
    // a test observation only
  }
  const port = req.socket.localPort;
  if (!wantListening(port)) return req.socket.destroy();
  const path = new URL(req.url, 'https://x').pathname;
  const found = findHandler(req.headers.host, path, port);
  if (!found) return notFound(res);
  const h = found.handler;
  if (h.Proxy) return proxy(req, res, found.mount, h.Proxy);
  if (h.Text) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(h.Text);
  }
  return notFound(res);
}

/** One listener per HTTPS port: { server, sockets, listening, busy }. */
const fronts = new Map();
function front(port) {
  let f = fronts.get(port);
  if (f) return f;
  const server = https.createServer(tlsOptions, handle);
  f = { server, sockets: new Set(), listening: false, busy: false };
  const me = f;
  server.on('connection', (s) => {
    me.sockets.add(s);
    s.on('close', () => me.sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  server.on('error', (err) => {
    process.stderr.write(`serve-front: ${err.message}\n`);
    me.busy = false;
  });
  fronts.set(port, f);
  return f;
}

function reconcile() {
  try {
    state = load(statePath);
  } catch {
    return; // mid-rename; next tick
  }
  const want = wantedPorts();
  for (const port of new Set([...want, ...fronts.keys()])) {
    const f = front(port);
    if (f.busy) continue;
    // The harness waits for 443 (the tailnet route) through this marker file.
    const marker = port === 443 ? `${statePath}.front-listening` : null;
    if (want.has(port) && !f.listening) {
      f.busy = true;
      f.server.listen(port, state.address, () => {
        f.listening = true;
        f.busy = false;
        if (marker) fs.writeFileSync(marker, '1');
      });
    } else if (!want.has(port) && f.listening) {
      f.busy = true;
      f.server.close(() => {
        f.listening = false;
        f.busy = false;
        if (marker) fs.rmSync(marker, { force: true });
      });
      for (const s of f.sockets) s.destroy();
    }
  }
}
reconcile();
setInterval(reconcile, 100);
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
