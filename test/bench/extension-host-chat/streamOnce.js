// One streamed POST /v1/chat/completions, the plainest way Node can do it: http.ClientRequest
// with a one-shot https.Agent (built like src/core/net/httpClient.ts builds it, so VS Code's
// proxy patching is bypassed), the sim's name resolved through `resolveMap`, the CA from
// NODE_EXTRA_CA_CERTS, SSE split on blank lines and JSON.parse per event, no validation.
// Used twice by the chat-provider bench: as the direct request (extension-host-chat/index.js)
// and inside the minimal provider (extension-host-chat-minimal/extension.js, copied next to it).
const http = require('node:http');
const https = require('node:https');

/**
 * Streams `body` to `url`; calls onPiece(text) for every SSE chunk whose delta carries text.
 * Resolves with { tokens, text } at the end of the stream. `onRequest(req)` sees the request
 * (to destroy it on cancellation).
 */
function streamCompletion(url, resolveMap, body, onPiece, onRequest) {
  return new Promise((resolvePromise, reject) => {
    const parsed = new URL(url);
    const address = resolveMap[parsed.hostname];
    const lookup = address ? (_h, opts, cb) => (opts?.all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)) : undefined;
    let tokens = 0;
    let text = '';
    const req = new http.ClientRequest(parsed, {
      method: 'POST',
      agent: new https.Agent({ keepAlive: false, maxCachedSessions: 0 }),
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      ...(lookup ? { lookup } : {}),
    });
    onRequest?.(req);
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) reject(new Error(`streamed request: HTTP ${res.statusCode}`));
      let buf = '';
      res.on('data', (c) => {
        buf += c.toString('utf8');
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = ev.startsWith('data: ') ? ev.slice(6) : '';
          if (data === '' || data === '[DONE]') continue;
          const piece = JSON.parse(data).choices?.[0]?.delta?.content;
          if (typeof piece === 'string' && piece !== '') {
            tokens++;
            text += piece;
            onPiece(piece);
          }
        }
      });
      res.on('end', () => resolvePromise({ tokens, text }));
      res.on('error', reject);
    });
    req.end(JSON.stringify(body));
  });
}

module.exports = { streamCompletion };
