// Go's time.Duration text (what `tailscale ping` prints as the latency): "0s", "345µs", "12ms",
// "1.234s", "1m2.5s", "1h0m0s". Units as Go's time.ParseDuration accepts them.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3, // U+00B5 micro sign: what Duration.String() prints
  'μs': 1e-3, // U+03BC Greek mu: ParseDuration accepts it too
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** The pattern of one Go duration as it appears in text (no anchors). */
export const GO_DURATION = /-?(?:0|(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))*/u;

/** Milliseconds of a Go duration string, or undefined when it is not one. */
export function parseGoDurationMs(text: string): number | undefined {
  const s = text.trim();
  if (!new RegExp(`^${GO_DURATION.source}$`, 'u').test(s)) return undefined;
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^-/, '');
  if (body === '0') return 0;
  let total = 0;
  for (const m of body.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gu)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  // Round away float noise (1.234 * 1000 = 1233.9999…) at the nanosecond.
  return sign * (Math.round(total * 1e6) / 1e6);
}
