// Every way a chat request can fail → the Finding that names the cause (same catalogue as the
// Monitor's probes, so "server stopped" reads the same in the chat as in the status bar).
import { type Finding, makeFinding } from '../findings';
import { findingForHttpError } from '../inference/httpFindings';
import { errorMessageOf } from '../inference/probe';
import { HttpError } from '../net/httpClient';
import { StreamProtocolError, StreamServerError } from './streamDecoder';

/** A chat request failed; `finding` says why. */
export class ChatError extends Error {
  constructor(readonly finding: Finding) {
    super(`${finding.title}: ${finding.detail}`);
    this.name = 'ChatError';
  }
}

/** The user (or the caller's cancellation token) stopped the request: not a failure to report. */
export class ChatCancelled extends Error {
  constructor() {
    super('chat request cancelled');
    this.name = 'ChatCancelled';
  }
}

/** The overflow texts of SGLang (tokenizer_manager) and vLLM (serving engine, 0.6 … 0.11). */
const CONTEXT_OVERFLOW = [
  /is longer than the model's context length \((\d+) tokens\)/,
  /maximum context length is (\d+) tokens/,
  /maximum context length of (\d+) tokens/,
  /longer than the maximum model length of (\d+)/,
];
/** vLLM: "The model `x` does not exist."; SGLang routes any model name to its one model. */
const MODEL_MISSING = /model .* does not exist/i;

export interface ChatErrorContext {
  url: string;
  model: string;
  hadKey: boolean;
  timeoutMs: number;
}

/** A non-2xx answer to POST /chat/completions. */
export function findingForChatStatus(status: number, body: string, c: ChatErrorContext): Finding {
  const message = errorMessageOf(body);
  const base = { where: c.url, url: c.url, status, model: c.model, message };
  if (status === 400 || status === 413) {
    for (const re of CONTEXT_OVERFLOW) {
      const m = message ? re.exec(message) : null;
      if (m) return makeFinding('chat.contextTooLong', { ...base, contextLength: Number(m[1]) }, message);
    }
    return makeFinding('chat.requestRejected', base, message);
  }
  if (status === 404 && message && MODEL_MISSING.test(message)) return makeFinding('chat.modelGone', base, message);
  switch (status) {
    case 401:
      return makeFinding(c.hadKey ? 'probe.apiKeyWrong' : 'probe.apiKeyNeeded', base, message);
    case 404:
      return makeFinding('probe.notFound', base, message);
    case 503:
      return makeFinding('probe.warmingUp', base, message);
    case 502:
    case 504:
      return makeFinding('probe.badGateway', base, message);
    default:
      return makeFinding('probe.httpError', base, message);
  }
}

/** Anything thrown while sending or streaming → ChatCancelled or ChatError. */
export function toChatFailure(err: unknown, c: ChatErrorContext, cancelled: boolean): ChatError | ChatCancelled {
  if (err instanceof ChatError || err instanceof ChatCancelled) return err;
  if (cancelled) return new ChatCancelled();
  if (err instanceof HttpError) {
    // A stream cut mid-answer (server stopped, Serve restarted) is a broken answer, not a refused connection.
    return new ChatError(findingForHttpError(err, { timeoutMs: c.timeoutMs }));
  }
  if (err instanceof StreamServerError) {
    if (CONTEXT_OVERFLOW.some((re) => re.test(err.message))) return new ChatError(makeFinding('chat.contextTooLong', { where: c.url, url: c.url, message: err.message }, err.message));
    return new ChatError(makeFinding('chat.streamBroken', { where: c.url, url: c.url, message: err.message }, err.message));
  }
  if (err instanceof StreamProtocolError) return new ChatError(makeFinding('chat.streamBroken', { where: c.url, url: c.url, message: err.message }, err.evidence));
  const message = err instanceof Error ? err.message : String(err);
  return new ChatError(makeFinding('internal.unexpected', { message }));
}
