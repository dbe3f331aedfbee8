// A small parser for the Prometheus text exposition format (what /metrics returns).
// Labels are a map, never an ordered list: servers change label order between releases.

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text); // handles "3.0", "7.557572e+06" and "NaN"
}

function unescapeLabel(value: string): string {
  return value.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = unescapeLabel(l[2]!);
    const value = parseValue(m[3]!);
    if (!Number.isNaN(value)) samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

/** All samples of one metric name. */
export function samplesOf(samples: MetricSample[], name: string): MetricSample[] {
  return samples.filter((s) => s.name === name);
}

/** Sum over all series of a metric (e.g. across dp ranks); undefined when the metric is absent. */
export function sumOf(samples: MetricSample[], name: string): number | undefined {
  const found = samplesOf(samples, name);
  return found.length === 0 ? undefined : found.reduce((a, s) => a + s.value, 0);
}

/** Maximum over all series (for usage ratios: the fullest rank is what limits). */
export function maxOf(samples: MetricSample[], name: string): number | undefined {
  const found = samplesOf(samples, name);
  return found.length === 0 ? undefined : Math.max(...found.map((s) => s.value));
}
