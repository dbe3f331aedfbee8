// The floor for test/bench/chatProvider.bench.mjs: the simplest language-model chat provider
// (VS Code 1.104+ API), installed next to Tailspark in the same extension host. It lists the
// models the bench hands it (configure()) and answers a request with one streamed POST to the
// same Spark (streamOnce.js, the same code as the bench's direct request), reporting each text
// delta as a LanguageModelTextPart. No settings, no secrets, no validation: whatever the path
// through vscode.lm costs on top of this is VS Code's, whatever Tailspark costs on top of it is ours.
const vscode = require('vscode');
const { performance } = require('node:perf_hooks');
const { streamCompletion } = require('./streamOnce.js');

const VENDOR = 'tailspark-bench-minimal';

exports.activate = (context) => {
  let target = { url: '', resolveMap: {}, models: [] };
  /** performance.now() marks of the last request (same process as the caller in code-server). */
  let last = {};
  const changed = new vscode.EventEmitter();
  const provider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    provideLanguageModelChatInformation: () => target.models,
    provideLanguageModelChatResponse: async (model, messages, options, progress, token) => {
      last = { calledAt: performance.now() };
      const body = {
        ...(options.modelOptions ?? {}),
        model: model.id,
        messages: messages.map((m) => ({
          role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user',
          content: m.content.map((p) => (typeof p?.value === 'string' ? p.value : '')).join(''),
        })),
        stream: true,
        stream_options: { include_usage: true },
      };
      let request;
      const onCancel = token.onCancellationRequested(() => request?.destroy());
      try {
        await streamCompletion(
          target.url,
          target.resolveMap,
          body,
          (piece) => {
            if (last.firstPieceAt === undefined) last.firstPieceAt = performance.now();
            progress.report(new vscode.LanguageModelTextPart(piece));
          },
          (req) => {
            request = req;
          },
        );
      } finally {
        onCancel.dispose();
      }
    },
    provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text.content).length) / 4),
  };
  context.subscriptions.push(changed, vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
  return {
    vendor: VENDOR,
    /** { url, resolveMap, models: LanguageModelChatInformation[] } → listed at once. */
    configure(next) {
      target = next;
      changed.fire();
    },
    lastMarks: () => last,
  };
};

exports.deactivate = () => {};
