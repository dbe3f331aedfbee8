// Scriptable probes for Monitor tests: each probe answers with whatever the test put in
// `answers`, counts its calls, and can be held open to test overlap and time limits.
import { makeFinding } from '../../../src/core/findings';
import type { ServeReading } from '../../../src/core/discovery/serve';
import type { MonitorConfig, Probes, ServerDetail, ServerProbe, ServiceProbe, TailnetProbe,  } from '../../../src/core/monitor/types';
import type { Logger } from '../../../src/core/util/log';

export const BASE_URL = 'https://spark-56d0.tail1234.ts.net/v1';

export const runningTailnet = (online = true, path: TailnetProbe['peer'] extends infer P ? P : never = undefined): TailnetProbe => ({
  backendState: 'Running',
  tailnetName: 'example.com',
  peer: {
    hostName: 'spark-56d0',
    dnsName: 'spark-56d0.tail1234.ts.net',
    os: 'linux',
    online,
    ...(online ? {} : { lastSeen: '2023-11-14T20:00:00Z' }),
    path: { kind: 'direct', address: '192.168.1.20:41641' },
    ...(path ?? {}),
  },
});

export const okModels = (latencyMs = 42): ServerProbe => ({
  kind: 'ok',
  latencyMs,
  serverKind: 'sglang',
  models: [{ id: 'Qwen/Qwen2.5-7B-Instruct', contextLength: 32768 }],
});

/** What the pipeline's serve step returns when the Spark serves `baseUrl` (read over SSH). */
export const served = (baseUrl: string, exposure: 'tailnet' | 'funnel' = 'tailnet'): ServeReading => ({
  kind: 'served',
  serve: { baseUrl, exposure, source: 'ssh' },
  findings: [],
});

export class FakeProbes implements Probes {
  answers: {
    tailnet: TailnetProbe;
    server: ServerProbe;
    discover: ServeReading;
    service: ServiceProbe;
  } = {
    tailnet: runningTailnet(),
    server: okModels(),
    discover: served(BASE_URL),
    service: { kind: 'ok', unit: 'vllm.service', activeState: 'inactive' },
  };
  calls = { tailnet: 0, server: 0, discover: 0, service: 0 };
  details: ServerDetail[] = [];
  /** Concurrent calls right now, and the maximum ever seen (must stay 1). */
  active = 0;
  maxActive = 0;
  /** When set, the next call of that probe waits until release() is called. */
  hold: Partial<Record<keyof FakeProbes['calls'], boolean>> = {};
  private releases: Array<() => void> = [];
  signals: AbortSignal[] = [];

  release(): void {
    for (const r of this.releases.splice(0)) r();
  }

  private async answer<K extends keyof FakeProbes['calls']>(name: K, signal: AbortSignal): Promise<FakeProbes['answers'][K]> {
    this.calls[name]++;
    this.signals.push(signal);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.hold[name]) {
        this.hold[name] = false;
        await new Promise<void>((r) => this.releases.push(r));
      }
      return this.answers[name];
    } finally {
      this.active--;
    }
  }

  tailnet(_host: string, signal: AbortSignal) {
    return this.answer('tailnet', signal);
  }
  server(_url: string, detail: ServerDetail, signal: AbortSignal) {
    this.details.push(detail);
    return this.answer('server', signal);
  }
  discover(_host: string, signal: AbortSignal) {
    return this.answer('discover', signal);
  }
  service(_unit: string, signal: AbortSignal) {
    return this.answer('service', signal);
  }
}

export function config(over: Partial<MonitorConfig> = {}): MonitorConfig {
  return {
    host: 'spark-56d0',
    healthySeconds: 15,
    maxBackoffSeconds: 300,
    unfocusedFactor: 4,
    timeoutMs: 5000,
    slowMs: 1500,
    detail: 'metrics',
    serviceUnit: 'vllm.service',
    readyTimeoutSeconds: 600,
    ...over,
  };
}

export class MemoryLog implements Logger {
  lines: string[] = [];
  trace(m: string) {
    this.lines.push(`trace ${m}`);
  }
  debug(m: string) {
    this.lines.push(`debug ${m}`);
  }
  info(m: string) {
    this.lines.push(`info ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string) {
    this.lines.push(`error ${m}`);
  }
}

export const unreachable = (): ServerProbe => ({
  kind: 'unreachable',
  finding: makeFinding('probe.connectionRefused', { url: BASE_URL }),
});
