// Feature detection of the Language Model Chat Provider API: registered only where the editor
// has it (VS Code 1.104+), never on Cursor, never on an older VS Code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { lmApiOf } from '../../../src/ui/lmApi';

class Part {}
const editor = (appName: string, register?: () => unknown) =>
  ({
    env: { appName },
    lm: register ? { registerLanguageModelChatProvider: register } : { selectChatModels: () => [] },
    LanguageModelTextPart: Part,
    LanguageModelToolCallPart: Part,
    LanguageModelToolResultPart: Part,
  }) as unknown as typeof vscode;

test('VS Code 1.104+: the API is found and register is called on vscode.lm', () => {
  const calls: unknown[] = [];
  const api = lmApiOf(
    editor('Visual Studio Code', function (this: unknown, ...args: unknown[]) {
      calls.push(this, ...args);
      return { dispose() {} };
    }),
  );
  assert.ok(api);
  api.registerLanguageModelChatProvider('tailspark', {} as never);
  assert.equal(calls[1], 'tailspark');
  assert.ok(calls[0] && typeof (calls[0] as { registerLanguageModelChatProvider?: unknown }).registerLanguageModelChatProvider === 'function', 'called with vscode.lm as this');
});

test('older VS Code (no registerLanguageModelChatProvider) and Cursor: nothing to register', () => {
  assert.equal(lmApiOf(editor('Visual Studio Code')), undefined);
  assert.equal(lmApiOf(editor('Cursor', () => ({ dispose() {} }))), undefined);
});
