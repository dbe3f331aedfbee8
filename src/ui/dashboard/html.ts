// The webview's HTML: a strict Content-Security-Policy (no network, scripts and styles only from
// the extension with a fresh nonce), the bundled script and CSS from dist/webview.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function dashboardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="${esc(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${asset('dashboard.css')}">
<title>${esc(title)}</title>
</head>
<body>
<header><h1 id="title">${esc(title)}</h1><span id="window" class="muted"></span><span id="gpu-memory" class="muted"></span><button id="measure" type="button"></button></header>
<div id="gpu-status" class="note" hidden></div>
<div id="metrics-error" class="note" hidden></div>
<div id="charts"></div>
<div id="benchmark" hidden></div>
<script nonce="${nonce}" src="${asset('dashboard.js')}"></script>
</body>
</html>`;
}
