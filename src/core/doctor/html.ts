// The doctor's report as a read-only page (a webview in the editor): the same checks as the
// Markdown report, rendered, with a button for each runnable fix. Every piece of text is redacted
// and HTML-escaped here — check summaries and evidence carry the Spark's own words. Buttons carry
// only an index into `fixes`; the extension looks the action up, so the page can run nothing else.
import type { Finding, FixAction } from '../findings';
import { currentLocale, tr } from '../l10n';
import { redact } from '../redact';
import { describeAction, GROUP_TITLE } from './report';
import type { CheckGroup, CheckResult, CheckStatus, DoctorReport } from './types';

export interface ReportPage {
  html: string;
  /** The actions behind the page's fix buttons, by index (`data-fix="i"`). */
  fixes: { label: string; action: FixAction }[];
}

export interface ReportPageOptions {
  /** A fresh random value per render: the only script and style the page may run. */
  nonce: string;
  /** Known secret values (API key …) masked everywhere. */
  secrets?: readonly string[];
  /** When the diagnosis ran, already in the user's local format. */
  when: string;
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '⚠', skip: '–' };
const MAX_DETAIL_LINES = 30;
const MAX_EVIDENCE_LINES = 20;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function renderReportPage(report: DoctorReport, options: ReportPageOptions): ReportPage {
  const secrets = options.secrets ?? [];
  const text = (s: string) => escapeHtml(redact(s, secrets));
  const fixes: ReportPage['fixes'] = [];
  const fixButton = (label: string, action: FixAction) => {
    fixes.push({ label, action });
    return `<button data-fix="${fixes.length - 1}" title="${text(describeAction(action))}">${text(label)}</button>`;
  };

  const finding = (f: Finding) => {
    const parts = [`<div class="finding ${f.severity}">`, `<p><strong>${text(f.title)}.</strong> ${text(f.detail)}</p>`];
    if (f.where) parts.push(`<p class="where">${tr('Where')}: <code>${text(f.where)}</code></p>`);
    const buttons = f.fixes.filter((x) => x.action).map((x) => fixButton(x.label, x.action as FixAction));
    const advice = f.fixes.filter((x) => !x.action).map((x) => `<li>${text(x.label)}</li>`);
    if (advice.length) parts.push(`<ul class="advice">${advice.join('')}</ul>`);
    if (buttons.length) parts.push(`<p class="fixes">${buttons.join(' ')}</p>`);
    if (f.evidence) {
      const lines = f.evidence.split(/\r?\n/).slice(0, MAX_EVIDENCE_LINES).join('\n');
      parts.push(`<details><summary>${text(tr('Evidence'))}</summary><pre>${text(lines)}</pre></details>`);
    }
    parts.push('</div>');
    return parts.join('');
  };

  const check = (c: CheckResult) => {
    const seconds = c.durationMs >= 1000 ? ` <span class="time">${(c.durationMs / 1000).toFixed(1)} s</span>` : '';
    const parts = [`<li class="check ${c.status}"><span class="mark" aria-label="${c.status}">${MARK[c.status]}</span> <strong>${text(c.title)}</strong> — ${text(c.summary)}${seconds}`];
    if (c.details?.length) parts.push(`<pre>${text(c.details.slice(0, MAX_DETAIL_LINES).join('\n'))}</pre>`);
    if (c.status === 'fail' || c.status === 'warn') parts.push(...c.findings.map(finding));
    parts.push('</li>');
    return parts.join('');
  };

  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  const groups = (Object.keys(GROUP_TITLE) as CheckGroup[])
    .map((g) => ({ g, checks: report.checks.filter((c) => c.group === g) }))
    .filter((x) => x.checks.length > 0)
    .map(({ g, checks }) => `<h2>${text(tr(GROUP_TITLE[g]))}</h2><ul class="checks">${checks.map(check).join('')}</ul>`)
    .join('');

  const nonce = escapeHtml(options.nonce);
  const html = `<!DOCTYPE html>
<html lang="${currentLocale()}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(tr('Tailspark — connection diagnosis'))}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body>
<h1>${text(tr('Tailspark — connection diagnosis'))}</h1>
<p class="meta">${text(options.when)} · ${(report.durationMs / 1000).toFixed(1)} s</p>
<table class="facts"><tr><th>Spark</th><td>${text(report.spark ?? tr('(not found)'))}</td></tr><tr><th>SSH</th><td>${text(report.sshTarget ?? tr('(no connection)'))}</td></tr><tr><th>${text(tr('Base URL'))}</th><td>${text(report.baseUrl ?? tr('(none)'))}</td></tr></table>
<p class="counts"><span class="pass">${count('pass')} ✓</span> · <span class="fail">${count('fail')} ✗</span> · <span class="warn">${count('warn')} ⚠</span> · ${text(tr('{0} skipped', count('skip')))}</p>
${groups}
<p class="footer"><button data-copy="markdown">${text(tr('Copy as Markdown'))}</button> ${text(tr('Secrets (API keys, passwords, private keys) are removed from this report.'))}</p>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
  return { html, fixes };
}

const STYLE = `body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1.5em 2em;line-height:1.45}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;margin-top:1.4em;border-bottom:1px solid var(--vscode-panel-border);padding-bottom:.2em}
.meta,.time,.where{color:var(--vscode-descriptionForeground)}.facts th{text-align:left;padding-right:1em;font-weight:600}
ul.checks{list-style:none;padding-left:0}li.check{margin:.5em 0}.mark{display:inline-block;width:1.2em;font-weight:bold}
.pass .mark,span.pass{color:var(--vscode-testing-iconPassed,#3fb950)}.fail .mark,span.fail{color:var(--vscode-testing-iconFailed,#f85149)}
.warn .mark,span.warn{color:var(--vscode-editorWarning-foreground,#d29922)}.skip .mark{color:var(--vscode-descriptionForeground)}
.finding{margin:.4em 0 .4em 1.6em;padding:.4em .8em;border-left:3px solid var(--vscode-editorWarning-foreground,#d29922);background:var(--vscode-textBlockQuote-background)}
.finding.error{border-left-color:var(--vscode-testing-iconFailed,#f85149)}.finding p{margin:.3em 0}
pre{margin:.3em 0 .3em 1.6em;padding:.4em .6em;background:var(--vscode-textCodeBlock-background);overflow-x:auto;white-space:pre-wrap;font-family:var(--vscode-editor-font-family);font-size:.9em}
.finding pre{margin-left:0}code{font-family:var(--vscode-editor-font-family)}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:.3em .8em;cursor:pointer;margin:.1em .2em .1em 0}
button:hover{background:var(--vscode-button-hoverBackground)}.footer{margin-top:2em;color:var(--vscode-descriptionForeground)}`;

const SCRIPT = `const vscode=acquireVsCodeApi();document.addEventListener('click',e=>{const b=e.target.closest('button');if(!b)return;
if(b.dataset.fix!==undefined)vscode.postMessage({fix:Number(b.dataset.fix)});else if(b.dataset.copy)vscode.postMessage({copy:b.dataset.copy});});`;
