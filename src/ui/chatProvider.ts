// Thin adapter: the verified Spark's models as chat models of VS Code 1.104+ (vendor
// "tailspark"), listed from the Monitor's state and answered by src/core/chat over this
// machine's tailnet connection. Registered after activation; not at all on older VS Code and on
// Cursor (lmApiOf), or when tailspark.chatProvider.enabled is off.
import * as vscode from 'vscode';
import { type ChatConnection, streamChat } from '../core/chat/client';
import { ChatCancelled, ChatError } from '../core/chat/errors';
import { fromEditorMessages, textForCounting } from '../core/chat/fromEditor';
import { type ChatModelInfo, chatModelsOf, modelsKey } from '../core/chat/models';
import { countTokensRemote, estimateTokens } from '../core/chat/tokenCount';
import { makeFinding } from '../core/findings';
import type {
  LanguageModelChatInformation,
  LanguageModelChatProvider,
  LanguageModelChatRequestMessage,
  LanguageModelResponsePart,
  LmApi,
  ProvideLanguageModelChatResponseOptions,
} from './lmApi';
import { API_KEY_SECRET } from './sshPrompter';
import { lmApiOf } from './lmApi';
import type { Tailspark } from './tailspark';

export const CHAT_VENDOR = 'tailspark';

class SparkChatProvider implements LanguageModelChatProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private key = '';
  /** Base URLs whose server answered /tokenize with something else than a count: estimate there. */
  private readonly noTokenizer = new Set<string>();
  /**
   * The API key, read from SecretStorage once and again after it changed (or a request failed).
   * In a remote window (code-server, Remote-SSH) every get() is a round trip to the workbench,
   * and it sat in the path of each request's first token (test/bench/chatProvider.bench.mjs).
   */
  private apiKey: Promise<string | undefined> | undefined;
  private readonly secretsChanged: vscode.Disposable;

  constructor(
    private readonly ts: Tailspark,
    private readonly api: LmApi,
  ) {
    this.key = modelsKey(this.models(), ts.monitor.getState().serve?.baseUrl);
    this.secretsChanged = ts.extension.secrets.onDidChange((e) => {
      if (e.key === API_KEY_SECRET) this.apiKey = undefined;
    });
  }

  /** Called on every Monitor state: fires the change event only when the model list changed. */
  onState(): void {
    const key = modelsKey(this.models(), this.ts.monitor.getState().serve?.baseUrl);
    if (key === this.key) return;
    this.key = key;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
    this.secretsChanged.dispose();
  }

  private readApiKey(): Promise<string | undefined> {
    if (!this.apiKey) {
      // Through SparkHttp's key source: the same SecretStorage entry, registered with the log redactor.
      const read = this.ts.http.apiKey();
      this.apiKey = read;
      read.catch(() => {
        if (this.apiKey === read) this.apiKey = undefined;
      });
    }
    return this.apiKey;
  }

  private models(): ChatModelInfo[] {
    return chatModelsOf(this.ts.monitor.getState());
  }

  provideLanguageModelChatInformation(): LanguageModelChatInformation[] {
    return this.models();
  }

  private async connection(): Promise<ChatConnection> {
    const state = this.ts.monitor.getState();
    const baseUrl = chatModelsOf(state).length > 0 ? state.serve?.baseUrl : undefined;
    if (!baseUrl) throw new ChatError(makeFinding('chat.sparkNotReady', { phase: state.phase }));
    const { resolve, extraCa } = this.ts.http.transport();
    const apiKey = await this.readApiKey();
    return {
      baseUrl,
      ...(apiKey ? { apiKey } : {}),
      ...(Object.keys(resolve).length > 0 ? { resolve } : {}),
      ...(extraCa ? { extraCa } : {}),
    };
  }

  async provideLanguageModelChatResponse(
    model: LanguageModelChatInformation,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    if (token.isCancellationRequested) abort.abort();
    try {
      const conn = await this.connection();
      const result = await streamChat(
        conn,
        {
          model: model.id,
          messages: fromEditorMessages(messages),
          ...(options.tools && options.tools.length > 0
            ? { tools: options.tools.map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { inputSchema: t.inputSchema } : {}) })) }
            : {}),
          toolMode: options.toolMode === 2 ? 'required' : 'auto',
          ...(options.modelOptions ? { options: { ...options.modelOptions } } : {}),
        },
        (event) => {
          if (event.kind === 'text') progress.report(new this.api.LanguageModelTextPart(event.text));
          else progress.report(new this.api.LanguageModelToolCallPart(event.callId, event.name, event.input));
        },
        abort.signal,
      );
      this.ts.log.info(`chat ${model.id}: ${result.finishReason ?? 'no finish reason'}${result.usage ? `, ${result.usage.promptTokens}+${result.usage.completionTokens} tokens` : ''}`);
    } catch (err) {
      if (err instanceof ChatCancelled) return;
      if (err instanceof ChatError) {
        // A key stored a moment ago may not have reached us yet (onDidChange is asynchronous):
        // read it again for the next request.
        this.apiKey = undefined;
        this.ts.log.warn(`chat ${model.id}: ${err.finding.code}: ${err.finding.title}${err.finding.evidence ? ` (${err.finding.evidence})` : ''}`);
        throw new Error(`${err.finding.title}. ${err.finding.detail}`);
      }
      throw err;
    } finally {
      onCancel.dispose();
    }
  }

  async provideTokenCount(model: LanguageModelChatInformation, text: string | LanguageModelChatRequestMessage, token: vscode.CancellationToken): Promise<number> {
    const plain = typeof text === 'string' ? text : textForCounting(fromEditorMessages([text])[0] ?? { role: 'user', parts: [] });
    if (plain === '') return 0;
    const baseUrl = this.ts.monitor.getState().serve?.baseUrl;
    if (!baseUrl || this.noTokenizer.has(baseUrl)) return estimateTokens(plain);
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    try {
      const count = await countTokensRemote(await this.connection(), model.id, plain, abort.signal);
      if (count !== undefined) return count;
      if (!abort.signal.aborted) this.noTokenizer.add(baseUrl);
      return estimateTokens(plain);
    } catch {
      return estimateTokens(plain);
    } finally {
      onCancel.dispose();
    }
  }
}

/**
 * Registers the provider while tailspark.chatProvider.enabled is on; follows the setting.
 * A no-op Disposable where the editor lacks the API (VS Code < 1.104, Cursor).
 */
export function registerChatProvider(ts: Tailspark): vscode.Disposable {
  const api = lmApiOf(vscode);
  if (!api) return new vscode.Disposable(() => {});
  const showInTooltip = (on: boolean) => {
    ts.statusBar.chatModels = on;
    ts.statusBar.update(ts.monitor.getState());
  };
  let current: { provider: SparkChatProvider; registration: vscode.Disposable } | undefined;
  const sync = () => {
    const enabled = ts.settings.settings['chatProvider.enabled'];
    if (enabled && !current) {
      const provider = new SparkChatProvider(ts, api);
      current = { provider, registration: api.registerLanguageModelChatProvider(CHAT_VENDOR, provider) };
      ts.log.info('chat models: provider registered (vendor tailspark)');
      showInTooltip(true);
    } else if (!enabled && current) {
      current.registration.dispose();
      current.provider.dispose();
      current = undefined;
      ts.log.info('chat models: provider removed (tailspark.chatProvider.enabled is off)');
      showInTooltip(false);
    }
  };
  sync();
  const subs = [
    ts.settings.onDidChange(({ changed }) => {
      if (changed.includes('chatProvider.enabled')) sync();
    }),
    ts.monitor.onDidChangeState(() => current?.provider.onState()),
  ];
  return new vscode.Disposable(() => {
    for (const s of subs) s.dispose();
    current?.registration.dispose();
    current?.provider.dispose();
    current = undefined;
  });
}
