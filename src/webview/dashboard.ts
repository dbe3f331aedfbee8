// The dashboard webview: uPlot charts of the last 15 minutes, fed only by postMessage from the
// extension (no network: the Content-Security-Policy allows none). Colours come from the
// editor's theme (--vscode-* variables) and follow theme changes. Updates are batched into one
// animation frame and use setData (no chart is rebuilt), so the charts do not flicker.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './dashboard.css';
import type { BenchmarkResult } from '../core/dashboard/benchmark';
import type { DashboardLabels, FromWebview, ToWebview } from '../core/dashboard/messages';
import type { GpuStatus } from '../core/dashboard/sampler';
import type { GpuPoint, ServerPoint } from '../core/dashboard/series';

declare function acquireVsCodeApi(): { postMessage(m: FromWebview): void; setState(s: unknown): void };
const vscode = acquireVsCodeApi();

const css = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
const palette = () => ({
  fg: css('--vscode-foreground', '#ccc'),
  grid: css('--vscode-editorWidget-border', '#444'),
  blue: css('--vscode-charts-blue', '#3794ff'),
  green: css('--vscode-charts-green', '#89d185'),
  orange: css('--vscode-charts-orange', '#d18616'),
  red: css('--vscode-charts-red', '#f14c4c'),
  purple: css('--vscode-charts-purple', '#b180d7'),
  yellow: css('--vscode-charts-yellow', '#cca700'),
});

interface ChartSpec {
  id: string;
  title: () => string;
  series: { label: () => string; color: keyof ReturnType<typeof palette>; value: (p: ServerPoint & GpuPoint) => number | undefined; scale?: string }[];
  source: 'server' | 'gpu';
  unit: string;
  max?: number;
}

let labels: DashboardLabels;
let windowMs = 15 * 60_000;
const server: ServerPoint[] = [];
const gpu: GpuPoint[] = [];
const charts = new Map<string, { plot: uPlot; spec: ChartSpec }>();
let dirty = false;

const SPECS: ChartSpec[] = [
  {
    id: 'tokens',
    title: () => labels.tokensPerSecond,
    source: 'server',
    unit: 'tok/s',
    series: [
      { label: () => labels.generationTps, color: 'blue', value: (p) => p.generationTps },
      { label: () => labels.promptTps, color: 'purple', value: (p) => p.promptTps },
    ],
  },
  {
    id: 'requests',
    title: () => labels.requests,
    source: 'server',
    unit: '',
    series: [
      { label: () => labels.running, color: 'green', value: (p) => p.running },
      { label: () => labels.queued, color: 'orange', value: (p) => p.queued },
    ],
  },
  {
    id: 'kv',
    title: () => labels.kvCache,
    source: 'server',
    unit: '%',
    max: 100,
    series: [{ label: () => labels.kvCache, color: 'yellow', value: (p) => (p.kvCacheUsage === undefined ? undefined : p.kvCacheUsage * 100) }],
  },
  {
    id: 'latency',
    title: () => labels.latency,
    source: 'server',
    unit: 'ms',
    series: [{ label: () => labels.latency, color: 'blue', value: (p) => p.latencyMs }],
  },
  {
    id: 'gpu',
    title: () => labels.gpuUtilization,
    source: 'gpu',
    unit: '%',
    max: 100,
    series: [{ label: () => labels.gpuUtilization, color: 'green', value: (p) => p.utilization }],
  },
  {
    id: 'thermal',
    title: () => `${labels.gpuTemperature} · ${labels.gpuPower}`,
    source: 'gpu',
    unit: '',
    series: [
      { label: () => `${labels.gpuTemperature} (°C)`, color: 'red', value: (p) => p.temperatureC },
      { label: () => `${labels.gpuPower} (W)`, color: 'orange', value: (p) => p.powerW },
    ],
  },
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function columns(spec: ChartSpec): uPlot.AlignedData {
  const points = (spec.source === 'server' ? server : gpu) as (ServerPoint & GpuPoint)[];
  const xs = points.map((p) => p.t / 1000);
  return [xs, ...spec.series.map((s) => points.map((p) => s.value(p) ?? null))] as uPlot.AlignedData;
}

function chartWidth(): number {
  // Same arithmetic as the CSS grid (columns of at least 320 px, 12 px gap, 18 px card padding).
  const w = document.getElementById('charts')!.clientWidth;
  const cols = Math.max(1, Math.floor((w + 12) / 332));
  return Math.max(240, Math.floor((w - (cols - 1) * 12) / cols) - 18);
}

function makeChart(spec: ChartSpec, host: HTMLElement): uPlot {
  const c = palette();
  const axis = { stroke: c.fg, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  const opts: uPlot.Options = {
    width: chartWidth(),
    height: 140,
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: spec.max ? { range: [0, spec.max] } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [{ ...axis }, { ...axis, size: 48, values: (_u, vals) => vals.map((v) => `${v}${spec.unit === '%' ? '%' : ''}`) }],
    series: [{}, ...spec.series.map((s) => ({ label: s.label(), stroke: c[s.color], width: 2, spanGaps: false, points: { show: false } }))],
  };
  return new uPlot(opts, columns(spec), host);
}

function trim(): void {
  const last = Math.max(server.at(-1)?.t ?? 0, gpu.at(-1)?.t ?? 0);
  while (server.length > 0 && server[0]!.t < last - windowMs) server.shift();
  while (gpu.length > 0 && gpu[0]!.t < last - windowMs) gpu.shift();
}

function render(): void {
  dirty = false;
  trim();
  for (const { plot, spec } of charts.values()) plot.setData(columns(spec));
  const box = document.getElementById('charts')!;
  box.dataset.serverPoints = String(server.length);
  box.dataset.gpuPoints = String(gpu.length);
}

function scheduleRender(): void {
  if (dirty) return;
  dirty = true;
  requestAnimationFrame(render);
}

function build(): void {
  document.title = labels.title;
  document.getElementById('title')!.textContent = labels.title;
  document.getElementById('window')!.textContent = labels.window;
  const measure = document.getElementById('measure') as HTMLButtonElement;
  measure.textContent = labels.measure;
  measure.onclick = () => vscode.postMessage({ type: 'measure' });
  const grid = document.getElementById('charts')!;
  grid.replaceChildren();
  charts.clear();
  for (const spec of SPECS) {
    const card = el('section', 'card');
    card.dataset.chart = spec.id;
    card.append(el('h2', '', spec.title()));
    const host = el('div', 'plot');
    card.append(host);
    grid.append(card);
    charts.set(spec.id, { plot: makeChart(spec, host), spec });
  }
}

function setGpuStatus(s: GpuStatus): void {
  const box = document.getElementById('gpu-status')!;
  box.textContent = s.state === 'starting' ? labels.gpuStarting : s.state === 'unavailable' ? `${labels.gpuUnavailable}: ${s.reason}` : '';
  box.hidden = box.textContent === '';
}

function setMemory(unified: boolean, used?: number, total?: number, name?: string): void {
  const box = document.getElementById('gpu-memory')!;
  const what = unified ? labels.unifiedMemory : used !== undefined ? `${(used / 1024).toFixed(1)}${total ? ` / ${(total / 1024).toFixed(0)}` : ''} GiB` : '–';
  box.textContent = `${name ? `${name} · ` : ''}${labels.gpuMemory}: ${what}`;
}

const fmt = (v: number | undefined, digits = 0, unit = '') => (v === undefined ? '–' : `${v.toFixed(digits)}${unit}`);

function showBenchmark(r: BenchmarkResult): void {
  const box = document.getElementById('benchmark')!;
  box.hidden = false;
  box.replaceChildren(el('h2', '', labels.benchmark));
  const table = el('table');
  const row = (k: string, ...vals: string[]) => {
    const tr = el('tr');
    tr.append(el('th', '', k), ...vals.map((v) => el('td', '', v)));
    table.append(tr);
  };
  row('', labels.median, labels.p95);
  row(labels.ttft, fmt(r.ttftMedianMs, 0, ' ms'), fmt(r.ttftP95Ms, 0, ' ms'));
  row(labels.itl, fmt(r.itlMedianMs, 1, ' ms'), fmt(r.itlP95Ms, 1, ' ms'));
  row(labels.outputTps, fmt(r.outputTokensPerS, 1), '');
  row(labels.requestsPerS, fmt(r.requestsPerS, 2), '');
  row(labels.completed, `${r.completed} / ${r.plan.requests}`, r.failed > 0 ? `✗ ${r.failed}` : '');
  box.append(table);
  if (r.ttftsMs.length > 0) {
    const c = palette();
    const host = el('div', 'plot');
    box.append(el('h3', '', labels.ttftPerRequest), host);
    const xs = r.ttftsMs.map((_, i) => i + 1);
    new uPlot(
      {
        width: chartWidth(),
        height: 140,
        legend: { show: false },
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
        axes: [{ stroke: c.fg, grid: { stroke: c.grid } }, { stroke: c.fg, grid: { stroke: c.grid }, size: 48 }],
        series: [{}, { label: labels.ttft, stroke: c.blue, fill: c.blue, paths: uPlot.paths.bars!({ size: [0.6, 40] }), points: { show: false } }],
      },
      [xs, r.ttftsMs],
      host,
    );
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'init':
      labels = m.labels;
      windowMs = m.windowMs;
      server.splice(0, server.length, ...m.snapshot.server);
      gpu.splice(0, gpu.length, ...m.snapshot.gpu);
      build();
      setGpuStatus(m.gpuStatus);
      setMemory(m.snapshot.unifiedMemory, m.snapshot.gpu.at(-1)?.memoryUsedMiB, m.snapshot.memoryTotalMiB, m.snapshot.gpuName);
      if (m.benchmark) showBenchmark(m.benchmark);
      render();
      break;
    case 'server':
      server.push(m.point);
      document.getElementById('metrics-error')!.hidden = true;
      scheduleRender();
      break;
    case 'gpu':
      gpu.push(m.point);
      setMemory(m.unifiedMemory, m.point.memoryUsedMiB, m.memoryTotalMiB, m.gpuName);
      scheduleRender();
      break;
    case 'gpuStatus':
      setGpuStatus(m.status);
      break;
    case 'metricsError': {
      const box = document.getElementById('metrics-error')!;
      box.textContent = m.text;
      box.hidden = false;
      break;
    }
    case 'benchmark':
      showBenchmark(m.result);
      break;
  }
});

// Resize: charts follow the panel width. Theme change: rebuild with the new colours.
window.addEventListener('resize', () => {
  for (const { plot } of charts.values()) plot.setSize({ width: chartWidth(), height: 140 });
});
new MutationObserver(() => {
  if (labels) {
    build();
    render();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.setState({ open: true });
vscode.postMessage({ type: 'ready' });
