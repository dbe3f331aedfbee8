// "Tailspark: Set Up Cursor Chat" / "Undo Cursor Chat Setup": the VS Code side of
// src/core/cursorChat. One modal before anything changes, a progress notification while the
// steps run, a summary at the end. The key goes to the clipboard and the user pastes it into
// Cursor's "OpenAI API Key" field: Cursor stores that encrypted, Tailspark must not write it.
import * as vscode from 'vscode';
import { z } from 'zod';
import { type CursorChatOptions, type StepId, STEP_ORDER, setupCursorChat, type StepReport, undoCursorChat } from '../core/cursorChat';
import { failed, type OpContext, type OpResult, succeeded } from '../core/remote/types';
import type { CursorTarget } from '../core/targets/cursorTarget';
import { executePlan, planApply, revertTarget } from '../core/targets/plan';
import { verifiedEndpoint } from '../core/targets/types';
import { type RemoteNotifier, runOperation, vscodeNotifier } from './commands/remote/runOperation';
import type { TargetsController } from './targets/controller';
import type { Tailspark } from './tailspark';
import { COMMANDS, TEST_COMMANDS } from '../core/commands';
import { isTestRun } from './testMode';

export const CURSOR_CHAT_TEST_COMMAND = TEST_COMMANDS.cursorChat;

export interface CursorChatPrompts {
  /** The one question before anything changes. */
  confirmSetup(info: { target: string }): Promise<boolean>;
  /** SGLang only takes the key on its command line: accept that it shows in ps? */
  acceptKeyOnCommandLine(info: { unit: string }): Promise<boolean>;
  /** The summary at the end (models to add, the paste instruction). */
  summary(info: { title: string; lines: string[] }): Promise<void>;
}

export interface CursorChatTestHooks {
  setPrompts(p: Partial<CursorChatPrompts> | undefined): void;
  setNotifier(n: RemoteNotifier | undefined): void;
  /** Where drop-ins go on the emulated Spark. */
  setSystemdDir(dir: string | undefined): void;
  /** The steps recorded for the current Spark. */
  taken(): StepId[];
}

const vscodePrompts: CursorChatPrompts = {
  async confirmSetup({ target }) {
    const yes = vscode.l10n.t('Set Up');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t("Let Cursor's chat use the model on {0}?", target),
      {
        modal: true,
        detail: vscode.l10n.t(
          "Cursor's servers send its chat requests, so the model must be reachable from the internet. Tailspark will: give the inference service a strong API key (a root-only systemd drop-in, then a restart), check that requests without the key are refused, turn Tailscale Funnel on, and put the public URL into Cursor. Anyone without the key is refused. \"Tailspark: Undo Cursor Chat Setup\" reverses every step.",
        ),
      },
      yes,
    );
    return answer === yes;
  },
  async acceptKeyOnCommandLine({ unit }) {
    const yes = vscode.l10n.t('Accept and Continue');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('SGLang only takes the API key on its command line.'),
      {
        modal: true,
        detail: vscode.l10n.t(
          'SGLang has no environment variable for the key, so {0} would run with --api-key: every user on the Spark can read the key with ps, and SGLang writes it into its startup log. On a Spark only you use this may be acceptable; vLLM avoids it.',
          unit,
        ),
      },
      yes,
    );
    return answer === yes;
  },
  async summary({ title, lines }) {
    await vscode.window.showInformationMessage(title, { modal: true, detail: lines.join('\n') });
  },
};

function stepLine(s: StepReport): string {
  const mark = { done: '✓', alreadyDone: '✓', undone: '↶', notTaken: '·', failed: '✗' }[s.outcome];
  return `${mark} ${s.title}: ${s.message}`;
}

export function registerCursorChatCommands(ts: Tailspark, controller: TargetsController): vscode.Disposable {
  let prompts = vscodePrompts;
  let notifier: RemoteNotifier = vscodeNotifier(ts);
  let systemdDir: string | undefined;
  const recordKey = () => `tailspark.cursorChat.taken:${ts.settings.settings['ssh.target'] || ts.settings.settings['spark.host']}`;
  const record: CursorChatOptions['record'] = {
    load: async () => ts.extension.globalState.get<StepId[]>(recordKey(), []).filter((s) => STEP_ORDER.includes(s)),
    save: async (taken) => ts.extension.globalState.update(recordKey(), taken),
  };

  const cursorTarget = (): CursorTarget | undefined => controller.targets().registered.find((r) => r.target.id === 'cursor')?.target as CursorTarget | undefined;

  const options = (unit: string, accept: boolean): CursorChatOptions => {
    const s = ts.settings.settings;
    const models = async (url: string, apiKey: string): Promise<string[]> => {
      const r = await ts.http.get(`${url}/models`, apiKey ? { apiKey } : { withKey: false });
      const data = (JSON.parse(r.body) as { data?: { id?: unknown }[] }).data ?? [];
      return data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
    };
    return {
      unit,
      port: s['spark.inferencePort'],
      ...(systemdDir ? { systemdDir } : {}),
      acceptKeyOnCommandLine: accept,
      readyTimeoutMs: s['service.readyTimeoutSeconds'] * 1000,
      apiKey: { get: () => ts.apiKey.get(), store: (k) => ts.apiKey.store(k) },
      status: async (url, apiKey, signal) => {
        try {
          return (await ts.http.get(url, { ...(apiKey ? { apiKey } : { withKey: false }), ...(signal ? { signal } : {}) })).status;
        } catch {
          return undefined;
        }
      },
      models,
      cursor: {
        isSet: async (url) => (await cursorTarget()?.inSync(url)) ?? false,
        write: async (url) => {
          const target = cursorTarget();
          if (!target) return failed(vscode.l10n.t('Cursor was not found on this machine.'), []);
          // The Cursor target takes only a verified endpoint: the models the server listed with the key.
          const ids = await models(url, (await ts.http.apiKey()) ?? '').catch(() => []);
          if (ids.length === 0) return failed(vscode.l10n.t('The server listed no models at {0}.', url), []);
          const endpoint = verifiedEndpoint({ baseUrl: url, models: ids.map((id) => ({ id })), exposure: 'funnel', authRequired: true });
          const plan = await planApply(endpoint, [target]);
          if (!plan.ok) return failed(plan.finding.title, [plan.finding]);
          const done = await executePlan(plan.plan, { stateDir: controller.stateDir, confirmed: ['cursor'], writeAnyway: ['cursor'] });
          if (!done.ok) return failed(done.finding.title, [done.finding]);
          const r = done.outcomes[0]?.result;
          if (r?.status === 'failed') return failed(r.finding.title, [r.finding]);
          return succeeded(r?.status === 'pending' ? vscode.l10n.t('Written when Cursor closes: {0}', r.detail) : vscode.l10n.t('Cursor uses {0}.', url), undefined);
        },
        revert: async () => {
          const target = cursorTarget();
          if (!target) return succeeded(vscode.l10n.t('Cursor was not found; nothing to revert.'), undefined);
          const r = await revertTarget(target, { stateDir: controller.stateDir });
          return r.status === 'failed' ? failed(r.finding.title, [r.finding]) : succeeded(vscode.l10n.t("Cursor's base URL restored."), undefined);
        },
      },
      record,
      funnel: { onServeChanged: () => void ts.monitor.refresh({ force: true, reason: 'cursor chat', rediscover: true }) },
    };
  };

  /** Runs a flow with progress on the configured (or detected) unit; the caller tells the result. */
  const withUnit = <T>(title: string, flow: (ctx: OpContext, unit: string) => Promise<OpResult<T>>) =>
    runOperation(
      ts,
      title,
      async (ctx) => {
        const chosen = await ts.spark.serviceUnit(ctx);
        return chosen.ok ? flow(ctx, chosen.unit) : failed<T>(chosen.finding.title, [chosen.finding]);
      },
      { notifier: { result: () => undefined } },
    );

  const setup = async (): Promise<OpResult<unknown>> => {
    const target = ts.settings.settings['ssh.target'] || ts.settings.settings['spark.host'] || 'the Spark';
    if (!(await prompts.confirmSetup({ target }))) return failed(vscode.l10n.t('Cursor chat setup cancelled.'), [], true);
    const title = vscode.l10n.t('Setting up Cursor chat');
    const run = (accept: boolean) =>
      withUnit(title, async (ctx, unit) => {
        // The unit of the steps already taken stays the one Undo works on.
        if ((await record.load()).length === 0) await ts.extension.globalState.update(`${recordKey()}:unit`, unit);
        return setupCursorChat(ctx, options(unit, accept));
      });
    let result = await run(false);
    if (!result.ok && result.findings[0]?.code === 'cursorchat.keyOnCommandLine') {
      const unit = ts.settings.settings['service.unit'] || 'sglang';
      if (await prompts.acceptKeyOnCommandLine({ unit })) result = await run(true);
    }
    if (!result.ok) {
      notifier.result(title, result);
      return result;
    }
    const v = result.value;
    await vscode.env.clipboard.writeText(v.key);
    const lines = [
      ...v.steps.map(stepLine),
      '',
      vscode.l10n.t("The API key is on the clipboard. Paste it into Cursor Settings → Models → OpenAI API Key (Cursor stores it encrypted; Tailspark does not write it)."),
      vscode.l10n.t('Add these models in Cursor\'s model list: {0}', v.models.join(', ') || '—'),
    ];
    await prompts.summary({ title: result.message, lines });
    notifier.result(title, result);
    return result;
  };

  const undo = async (): Promise<OpResult<unknown>> => {
    const title = vscode.l10n.t('Undoing Cursor chat setup');
    // Undo works on the unit the setup changed, even if tailspark.service.unit changed since.
    const unitKey = `${recordKey()}:unit`;
    const result = await withUnit(title, (ctx, unit) => undoCursorChat(ctx, options(ts.extension.globalState.get<string>(unitKey) ?? unit, true)));
    if (result.ok) await prompts.summary({ title: result.message, lines: result.value.steps.map(stepLine) });
    notifier.result(title, result);
    return result;
  };

  const disposables = [vscode.commands.registerCommand(COMMANDS.cursorChatSetup, setup), vscode.commands.registerCommand(COMMANDS.cursorChatUndo, undo)];
  // The UI test runs the packaged extension without a test runner (no ExtensionMode.Test): it
  // seeds through TAILSPARK_TEST=1 + TAILSPARK_TEST_CURSOR_CHAT (see seedFromEnv).
  if (isTestRun(ts.extension) || process.env.TAILSPARK_TEST === '1') {
    seedFromEnv(controller, (d) => {
      systemdDir = d;
    });
  }
  if (isTestRun(ts.extension)) {
    const hooks: CursorChatTestHooks = {
      setPrompts: (p) => {
        prompts = p ? { ...vscodePrompts, ...p } : vscodePrompts;
      },
      setNotifier: (n) => {
        notifier = n ?? vscodeNotifier(ts);
      },
      setSystemdDir: (d) => {
        systemdDir = d;
      },
      taken: () => ts.extension.globalState.get<StepId[]>(recordKey(), []),
    };
    disposables.push(vscode.commands.registerCommand(CURSOR_CHAT_TEST_COMMAND, () => hooks));
  }
  return vscode.Disposable.from(...disposables);
}

/**
 * The UI test (real Chromium, packaged .vsix) cannot call the test hooks, so with TAILSPARK_TEST=1
 * it hands them in as TAILSPARK_TEST_CURSOR_CHAT = {"systemdDir", "targets": {isCursor,
 * cursorDbPath, stateDir, home}}: the emulated Spark's drop-in directory and a Cursor state.vscdb.
 */
const testSeedSchema = z.object({
  systemdDir: z.string().startsWith('/').optional(),
  targets: z.object({ isCursor: z.boolean().optional(), cursorDbPath: z.string().optional(), stateDir: z.string().optional(), home: z.string().optional() }).optional(),
});

function seedFromEnv(controller: TargetsController, setSystemdDir: (dir: string) => void): void {
  const raw = process.env.TAILSPARK_TEST_CURSOR_CHAT;
  if (!raw) return;
  let parsed: z.infer<typeof testSeedSchema>;
  try {
    parsed = testSeedSchema.parse(JSON.parse(raw));
  } catch {
    return;
  }
  if (parsed.systemdDir) setSystemdDir(parsed.systemdDir);
  if (parsed.targets) controller.overrides = { ...controller.overrides, ...parsed.targets };
}
