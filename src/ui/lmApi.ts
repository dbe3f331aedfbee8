// The Language Model Chat Provider API of VS Code 1.104+ (vscode.d.ts), declared here because
// Tailspark keeps engines.vscode at ^1.74.0 and @types/vscode at 1.74: these shapes exist only at
// run time on a new enough VS Code, so every use goes through lmApiOf(), which feature-detects.
import type * as vscode from 'vscode';

export interface LanguageModelChatCapabilities {
  readonly imageInput?: boolean;
  readonly toolCalling?: boolean | number;
}

export interface LanguageModelChatInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly version: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: LanguageModelChatCapabilities;
}

/** vscode.LanguageModelChatMessageRole: User = 1, Assistant = 2 (System = 3 is proposed API). */
export type LanguageModelChatMessageRole = 1 | 2 | 3;

export interface LanguageModelChatRequestMessage {
  readonly role: LanguageModelChatMessageRole;
  readonly content: ReadonlyArray<unknown>;
  readonly name: string | undefined;
}

export interface LanguageModelTextPart {
  value: string;
}
export interface LanguageModelToolCallPart {
  callId: string;
  name: string;
  input: object;
}
export interface LanguageModelToolResultPart {
  callId: string;
  content: unknown[];
}
/** 1.105+: binary data (images) in a message or tool result. */
export interface LanguageModelDataPart {
  mimeType: string;
  data: Uint8Array;
}

export type LanguageModelResponsePart = LanguageModelTextPart | LanguageModelToolCallPart | LanguageModelToolResultPart;

export interface LanguageModelChatTool {
  name: string;
  description: string;
  inputSchema?: object | undefined;
}

/** vscode.LanguageModelChatToolMode: Auto = 1, Required = 2. */
export interface ProvideLanguageModelChatResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly LanguageModelChatTool[];
  readonly toolMode: 1 | 2;
}

export interface PrepareLanguageModelChatModelOptions {
  readonly silent: boolean;
}

export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(options: PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): vscode.ProviderResult<T[]>;
  provideLanguageModelChatResponse(
    model: T,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Thenable<void>;
  provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: vscode.CancellationToken): Thenable<number>;
}

type Ctor<T, A extends unknown[]> = new (...args: A) => T;

/** The run-time pieces of the API we use. */
export interface LmApi {
  registerLanguageModelChatProvider(vendor: string, provider: LanguageModelChatProvider): vscode.Disposable;
  LanguageModelTextPart: Ctor<LanguageModelTextPart, [string]>;
  LanguageModelToolCallPart: Ctor<LanguageModelToolCallPart, [string, string, object]>;
  LanguageModelToolResultPart: Ctor<LanguageModelToolResultPart, [string, unknown[]]>;
  /** 1.105+ only. */
  LanguageModelDataPart?: Ctor<LanguageModelDataPart, [Uint8Array, string]>;
}

/**
 * The API when this editor has it (VS Code 1.104+), else undefined. Cursor is excluded by name:
 * its chat does not list extension-contributed models, and its fork may carry the function
 * without the chat behind it.
 */
export function lmApiOf(api: typeof vscode): LmApi | undefined {
  const v = api as unknown as Record<string, unknown> & { lm?: Record<string, unknown> };
  if (/cursor/i.test(api.env.appName)) return undefined;
  const register = v.lm?.registerLanguageModelChatProvider;
  if (typeof register !== 'function') return undefined;
  for (const name of ['LanguageModelTextPart', 'LanguageModelToolCallPart', 'LanguageModelToolResultPart']) {
    if (typeof v[name] !== 'function') return undefined;
  }
  return {
    registerLanguageModelChatProvider: (vendor, provider) => register.call(v.lm, vendor, provider) as vscode.Disposable,
    LanguageModelTextPart: v.LanguageModelTextPart as LmApi['LanguageModelTextPart'],
    LanguageModelToolCallPart: v.LanguageModelToolCallPart as LmApi['LanguageModelToolCallPart'],
    LanguageModelToolResultPart: v.LanguageModelToolResultPart as LmApi['LanguageModelToolResultPart'],
    ...(typeof v.LanguageModelDataPart === 'function' ? { LanguageModelDataPart: v.LanguageModelDataPart as LmApi['LanguageModelDataPart'] } : {}),
  };
}
