// How a benchmark part hands its figures to test/bench/run.mjs: one line on stdout starting
// with BENCH_RESULT and followed by JSON. Everything else a part prints is progress chatter.
export interface BenchRow {
  /** What was measured, e.g. "SSH: 50 commands, pooled session". */
  name: string;
  value: number;
  unit: string;
  /** What it is compared against, in the same run (same machine, same moment). */
  baseline?: { name: string; value: number };
  /** value / baseline.value — the figure that travels between machines. */
  ratio?: number;
  note?: string;
}

export interface BenchPart {
  part: string;
  rows: BenchRow[];
  /** Facts that are not numbers (e.g. "ssh2 loaded at activation: no"). */
  checks?: Array<{ name: string; ok: boolean; detail: string }>;
}

export function row(name: string, value: number, unit: string, baseline?: { name: string; value: number }, note?: string): BenchRow {
  const r: BenchRow = { name, value: round(value), unit };
  if (baseline) {
    r.baseline = { name: baseline.name, value: round(baseline.value) };
    r.ratio = baseline.value === 0 ? Number.NaN : round(value / baseline.value, 3);
  }
  if (note) r.note = note;
  return r;
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function emit(part: BenchPart): void {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(part)}\n`);
}

export function progress(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}

/** Median of a list of numbers (robust against one slow outlier on a noisy machine). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
