// UI test of the Spark's models in VS Code's own Chat view: the packaged .vsix in code-server
// (VS Code 1.139) against the emulated Spark, driven in real headless Chromium.
//   - the Chat view's model picker lists the Spark's model (from our language-model provider)
//     and picking it makes it the current model;
//   - asking a question there: VS Code's chat has no agent of its own; every request goes to the
//     default agent of the Copilot Chat extension (GitHub.copilot-chat), which code-server does
//     not ship. Without it, VS Code's chat-setup agent takes the request and asks to sign in to
//     GitHub Copilot first. The test records exactly that and checks that the Spark received no
//     chat request. Streaming through the provider is proven at the API level instead
//     (test/extension/suite/chat-provider.test.ts: vscode.lm.selectChatModels → sendRequest).
// Screenshots: media/screenshot-chat.png (the picker), media/screenshot-chat-signin.png (the
// answer VS Code gives once the sign-in dialog is dismissed), test-results/ui-chat-signin.png. Prints "ui-chat: N passed, N failed"; exits non-zero on failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkRunner, runFromPalette } from './lib/ui-checks.mjs';
import { withUiSession } from './lib/ui-session.mjs';

const root = resolve(import.meta.dirname, '..');
const results = resolve(root, 'test-results');
const media = resolve(root, 'media');
mkdirSync(results, { recursive: true });
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const vsix = resolve(root, `tailspark-${version}.vsix`);
if (!process.argv.includes('--no-package')) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const MODEL_LABEL = 'Qwen2.5-7B-Instruct'; // the provider's display name of Qwen/Qwen2.5-7B-Instruct
const QUESTION = 'What is the Spark?';
// The README screenshots show the Chat side of the window (with the picker's drop-down).
const CHAT_AREA = { x: 940, y: 0, width: 460, height: 850 };

const { checks, check, summary } = checkRunner();
const session = {
  vsix,
  sparkOptions: { flavor: 'sglang', timings: { loadMs: 800, warmupMs: 400, healthMs: 200 } },
  settings: { 'tailspark.autoConfigure': 'off', 'tailspark.poll.healthySeconds': 2 },
};
await withUiSession(checks, session, async ({ page, spark }) => {
  /** The chat requests the Spark's inference server saw (its uvicorn access log in the journal). */
  const chatRequests = () => {
    let journal = '';
    try {
      journal = readFileSync(join(spark.stateDir, 'journal', `${spark.flavor}.jsonl`), 'utf8');
    } catch {
      // no journal yet: no request either
    }
    return journal.split('\n').filter((l) => l.includes('POST /v1/chat/completions')).length;
  };
  const input = page.locator('.interactive-input-part').first();
  const picker = input.locator('.action-item', { hasText: /Qwen2\.5-7B/ }).first();
  const pickerRow = page.locator('.chat-model-picker-dropdown .monaco-list-row.action', { hasText: MODEL_LABEL }).first();

  await check('the Chat view is open and its model picker shows the Spark model once Tailspark is ready', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    const status = page.locator('.statusbar-item[id*="tailspark"]').first();
    await status
      .filter({ hasText: /Qwen2\.5-7B/ })
      .waitFor({ timeout: 300_000 })
      .catch(async () => {
        throw new Error(`no ready status within 300 s; the status bar says "${((await status.textContent().catch(() => '')) ?? '').trim()}"`);
      });
    if (!(await input.isVisible().catch(() => false))) await runFromPalette(page, 'Chat: Open Chat');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await picker.waitFor({ state: 'visible', timeout: 30_000 });
  });

  await check(`the model picker lists "${MODEL_LABEL}" as "Spark · SGLang"; picking it makes it the current model`, async () => {
    await picker.click();
    await pickerRow.waitFor({ state: 'visible', timeout: 15_000 });
    const description = ((await pickerRow.locator('.description').textContent()) ?? '').trim();
    if (description !== 'Spark · SGLang') throw new Error(`the picker row says "${description}", expected "Spark · SGLang"`);
    await page.screenshot({ path: resolve(media, 'screenshot-chat.png'), clip: CHAT_AREA });
    await pickerRow.click();
    await pickerRow.waitFor({ state: 'hidden', timeout: 10_000 });
    const label = ((await picker.textContent()) ?? '').trim();
    if (!label.startsWith('Qwen2.5-7B')) throw new Error(`the picker shows "${label}" after picking`);
    // Open it again: the row is marked as the current model (the picker's own aria-label).
    await picker.click();
    await pickerRow.waitFor({ state: 'visible', timeout: 15_000 });
    const aria = (await pickerRow.getAttribute('aria-label')) ?? '';
    if (!/Current model/.test(aria)) throw new Error(`the row is not the current model: "${aria}"`);
    await page.keyboard.press('Escape');
    await pickerRow.waitFor({ state: 'hidden', timeout: 10_000 });
  });

  await check('asking in the Chat view stops at "Sign in to use GitHub Copilot" (no chat agent without Copilot Chat): the Spark receives no request', async () => {
    // Asked with the Spark model as the current model, else "no request" would prove nothing.
    await picker.waitFor({ state: 'visible', timeout: 30_000 });
    const before = chatRequests();
    await input.locator('.monaco-editor').first().click();
    await page.keyboard.type(QUESTION);
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    const text = ((await dialog.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    console.log(`  dialog: "${text}"`);
    for (const want of ['Sign in to use GitHub Copilot', 'Continue with GitHub']) {
      if (!text.includes(want)) throw new Error(`the dialog lacks "${want}": "${text}"`);
    }
    await page.screenshot({ path: resolve(results, 'ui-chat-signin.png') });
    // The request is held by VS Code's setup agent: give a stray request time to show up.
    await page.waitForTimeout(3000);
    if (chatRequests() !== before) throw new Error('the Spark received a chat request while the sign-in dialog was open');
    // Dismissing the dialog (the only choice without an account) ends the request with VS Code's text.
    await dialog.locator('.dialog-close, .codicon-dialog-close').first().click();
    const answer = page.locator('.interactive-session .interactive-item-container', { hasText: 'You need to set up GitHub Copilot and be signed in to use Chat.' }).first();
    await answer.waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: resolve(media, 'screenshot-chat-signin.png'), clip: CHAT_AREA });
    if (chatRequests() !== before) throw new Error('the Spark received a chat request after the dialog was dismissed');
  });
});

process.exit(summary('ui-chat'));
