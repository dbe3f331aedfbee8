// The doctor's report as a read-only page (a webview in the editor): the same checks as the
// Markdown report, rendered, with a button for each runnable fix. Every piece of text is redacted
// and HTML-escaped here — check summaries and evidence carry the Spark's own words. Buttons carry
// only an index into `fixes`; the extension looks the action up, so the page can run nothing else.
import type { Finding, FixAction } from '../findings';
import { currentLocale, tr } from '../l10n';
import { redact } from '../redact';
import { describeAction, GROUP_TITLE, reportVerdict } from './report';
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
  const r = renderer(options);
  const body = `<p class="meta">${r.text(options.when)} · ${seconds(report.durationMs)}</p>\n${r.report(report, 'h2', true)}`;
  return { html: page(r.text, options.nonce, body), fixes: r.fixes };
}

/** One server's report in the page for several servers (Diagnose with `tailspark.servers`). */
export interface ServerSection {
  /** The section heading ('Server "Spark A" (spark-a…:30001)'); escaped here. */
  heading: string;
  report: DoctorReport;
  /**
   * Whether its fixes are buttons. Only the active server's: a fix runs on the active server (its
   * SSH connection, its commands), so another server's fix button would act on the wrong machine.
   */
  runnableFixes: boolean;
}

/** The report of several servers as one page: a section per server, headed by its one-line verdict. */
export function renderServersReportPage(sections: readonly ServerSection[], options: ReportPageOptions): ReportPage {
  const r = renderer(options);
  const total = sections.reduce((sum, s) => sum + s.report.durationMs, 0);
  const body = [
    `<p class="meta">${r.text(options.when)} · ${seconds(total)}</p>`,
    ...sections.map((s, i) => {
      const v = reportVerdict(s.report);
      const note = s.runnableFixes ? '' : `<p class="meta">${r.text(tr('Not the active server: its fixes are listed, not offered as buttons (they would run on the active server).'))}</p>`;
      return `<section class="server verdict-${v.status}" data-server="${i}"><h2 class="server-title"><span class="mark" aria-label="${v.status}">${MARK[v.status]}</span> ${r.text(s.heading)} — ${r.text(v.text)}</h2>
${note}${r.report(s.report, 'h3', s.runnableFixes)}</section>`;
    }),
  ].join('\n');
  return { html: page(r.text, options.nonce, body), fixes: r.fixes };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Renders reports into HTML, collecting the actions of their fix buttons (indices across all of them). */
function renderer(options: ReportPageOptions) {
  const secrets = options.secrets ?? [];
  const text = (s: string) => escapeHtml(redact(s, secrets));
  const fixes: ReportPage['fixes'] = [];
  const fixButton = (label: string, action: FixAction) => {
    fixes.push({ label, action });
    return `<button data-fix="${fixes.length - 1}" title="${text(describeAction(action))}">${text(label)}</button>`;
  };

  const finding = (f: Finding, buttons: boolean) => {
    const parts = [`<div class="finding ${f.severity}">`, `<p><strong>${text(f.title)}.</strong> ${text(f.detail)}</p>`];
    if (f.where) parts.push(`<p class="where">${tr('Where')}: <code>${text(f.where)}</code></p>`);
    const runnable = buttons ? f.fixes.filter((x) => x.action).map((x) => fixButton(x.label, x.action as FixAction)) : [];
    const advice = f.fixes
      .filter((x) => !buttons || !x.action)
      .map((x) => `<li>${text(x.action ? `${x.label}: ${describeAction(x.action)}` : x.label)}</li>`);
    if (advice.length) parts.push(`<ul class="advice">${advice.join('')}</ul>`);
    if (runnable.length) parts.push(`<p class="fixes">${runnable.join(' ')}</p>`);
    if (f.evidence) {
      const lines = f.evidence.split(/\r?\n/).slice(0, MAX_EVIDENCE_LINES).join('\n');
      parts.push(`<details><summary>${text(tr('Evidence'))}</summary><pre>${text(lines)}</pre></details>`);
    }
    parts.push('</div>');
    return parts.join('');
  };

  const check = (c: CheckResult, buttons: boolean) => {
    const time = c.durationMs >= 1000 ? ` <span class="time">${seconds(c.durationMs)}</span>` : '';
    const parts = [`<li class="check ${c.status}"><span class="mark" aria-label="${c.status}">${MARK[c.status]}</span> <strong>${text(c.title)}</strong> — ${text(c.summary)}${time}`];
    if (c.details?.length) parts.push(`<pre>${text(c.details.slice(0, MAX_DETAIL_LINES).join('\n'))}</pre>`);
    if (c.status === 'fail' || c.status === 'warn') parts.push(...c.findings.map((f) => finding(f, buttons)));
    parts.push('</li>');
    return parts.join('');
  };

  /** The facts, the counts and the checks by group, under `heading` (h2 alone, h3 inside a server's section). */
  const report = (r: DoctorReport, heading: 'h2' | 'h3', buttons: boolean) => {
    const count = (s: CheckStatus) => r.checks.filter((c) => c.status === s).length;
    const groups = (Object.keys(GROUP_TITLE) as CheckGroup[])
      .map((g) => ({ g, checks: r.checks.filter((c) => c.group === g) }))
      .filter((x) => x.checks.length > 0)
      .map(({ g, checks }) => `<${heading}>${text(tr(GROUP_TITLE[g]))}</${heading}><ul class="checks">${checks.map((c) => check(c, buttons)).join('')}</ul>`)
      .join('');
    return `<table class="facts"><tr><th>Spark</th><td>${text(r.spark ?? tr('(not found)'))}</td></tr><tr><th>SSH</th><td>${text(r.sshTarget ?? tr('(no connection)'))}</td></tr><tr><th>${text(tr('Base URL'))}</th><td>${text(r.baseUrl ?? tr('(none)'))}</td></tr></table>
<p class="counts"><span class="pass">${count('pass')} ✓</span> · <span class="fail">${count('fail')} ✗</span> · <span class="warn">${count('warn')} ⚠</span> · ${text(tr('{0} skipped', count('skip')))}</p>
${groups}`;
  };
  return { text, fixes, report };
}

/** The page around a body: the nonce-bound CSP, the style, the title and the footer with Copy as Markdown. */
function page(text: (s: string) => string, rawNonce: string, body: string): string {
  const nonce = escapeHtml(rawNonce);
  return `<!DOCTYPE html>
<html lang="${currentLocale()}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(tr('Tailspark — connection diagnosis'))}</title>
<style nonce="${nonce}">${STYLE}</style></head>
<body>
<h1>${text(tr('Tailspark — connection diagnosis'))}</h1>
${body}
<p class="footer"><button data-copy="markdown">${text(tr('Copy as Markdown'))}</button> ${text(tr('Secrets (API keys, passwords, private keys) are removed from this report.'))}</p>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
}

const STYLE = `body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1.5em 2em;line-height:1.45}
h1{font-size:1.4em;margin-bottom:.2em}h3{font-size:1em;margin-top:1.1em}section.server{margin-top:1.6em}h2.server-title{font-size:1.25em;border-bottom:2px solid var(--vscode-panel-border)}
h2{font-size:1.1em;margin-top:1.4em;border-bottom:1px solid var(--vscode-panel-border);padding-bottom:.2em}
.meta,.time,.where{color:var(--vscode-descriptionForeground)}.facts th{text-align:left;padding-right:1em;font-weight:600}
ul.checks{list-style:none;padding-left:0}li.check{margin:.5em 0}.mark{display:inline-block;width:1.2em;font-weight:bold}
.pass .mark,span.pass,.verdict-pass>h2 .mark{color:var(--vscode-testing-iconPassed,#3fb950)}.fail .mark,span.fail,.verdict-fail>h2 .mark{color:var(--vscode-testing-iconFailed,#f85149)}
.warn .mark,span.warn,.verdict-warn>h2 .mark{color:var(--vscode-editorWarning-foreground,#d29922)}.skip .mark{color:var(--vscode-descriptionForeground)}
.finding{margin:.4em 0 .4em 1.6em;padding:.4em .8em;border-left:3px solid var(--vscode-editorWarning-foreground,#d29922);background:var(--vscode-textBlockQuote-background)}
.finding.error{border-left-color:var(--vscode-testing-iconFailed,#f85149)}.finding p{margin:.3em 0}
pre{margin:.3em 0 .3em 1.6em;padding:.4em .6em;background:var(--vscode-textCodeBlock-background);overflow-x:auto;white-space:pre-wrap;font-family:var(--vscode-editor-font-family);font-size:.9em}
.finding pre{margin-left:0}code{font-family:var(--vscode-editor-font-family)}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:.3em .8em;cursor:pointer;margin:.1em .2em .1em 0}
button:hover{background:var(--vscode-button-hoverBackground)}.footer{margin-top:2em;color:var(--vscode-descriptionForeground)}`;

const SCRIPT = `const vscode=acquireVsCodeApi();document.addEventListener('click',e=>{const b=e.target.closest('button');if(!b)return;
if(b.dataset.fix!==undefined)vscode.postMessage({fix:Number(b.dataset.fix)});else if(b.dataset.copy)vscode.postMessage({copy:b.dataset.copy});});`;
