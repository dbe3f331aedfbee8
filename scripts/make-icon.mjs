// Draws media/icon.png (128×128 RGBA): a rounded night-blue tile, a tailnet triangle of three
// nodes, and a golden four-point spark in the middle. Pure Node (zlib), 4×4 supersampling.
// Usage: node scripts/make-icon.mjs [out.png] [size]
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const out = process.argv[2] ?? 'media/icon.png';
const N = Number(process.argv[3] ?? 128);
const SS = 4;

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const over = (dst, src, alpha) => [...mix(dst.slice(0, 3), src, alpha), Math.min(1, dst[3] + alpha * (1 - dst[3]))];

function roundedRect(x, y, size, r) {
  const qx = Math.abs(x - size / 2) - (size / 2 - r);
  const qy = Math.abs(y - size / 2) - (size / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r <= 0;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

// Geometry in a 128-unit space.
const nodes = [
  [64, 20],
  [24, 96],
  [104, 96],
];

function sample(u, v) {
  // u, v in 0..128
  let c = [0, 0, 0, 0];
  if (!roundedRect(u, v, 128, 26)) return c;
  const t = (u + v) / 256;
  c = [...mix([0.09, 0.15, 0.3], [0.25, 0.12, 0.45], t), 1];
  // tailnet mesh: thin lines between the nodes, then the nodes
  for (let i = 0; i < 3; i++) {
    const d = segmentDistance(u, v, nodes[i], nodes[(i + 1) % 3]);
    if (d < 2.2) c = over(c, [0.45, 0.75, 1.0], 0.55);
  }
  for (const [nx, ny] of nodes) {
    const d = Math.hypot(u - nx, v - ny);
    if (d < 9) c = over(c, [0.55, 0.82, 1.0], 1);
    if (d < 5) c = over(c, [0.9, 0.97, 1.0], 1);
  }
  // the spark: (|x|/r)^½ + (|y|/r)^½ ≤ 1, a four-point star, with a soft glow
  const x = Math.abs(u - 64);
  const y = Math.abs(v - 66);
  const r = 40;
  const s = Math.sqrt(x / r) + Math.sqrt(y / r);
  const glow = Math.hypot(u - 64, v - 66);
  if (glow < 34) c = over(c, [1, 0.85, 0.35], 0.25 * (1 - glow / 34));
  if (s <= 1) c = over(c, mix([1, 0.93, 0.55], [1, 0.66, 0.1], Math.min(1, s * 1.1)), 1);
  return c;
}

const rows = [];
for (let py = 0; py < N; py++) {
  const row = Buffer.alloc(1 + N * 4);
  for (let px = 0; px < N; px++) {
    let acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = sample(((px + (sx + 0.5) / SS) * 128) / N, ((py + (sy + 0.5) / SS) * 128) / N);
        // premultiplied accumulation keeps the anti-aliased edge free of dark fringes
        acc = [acc[0] + c[0] * c[3], acc[1] + c[1] * c[3], acc[2] + c[2] * c[3], acc[3] + c[3]];
      }
    }
    const a = acc[3] / (SS * SS);
    const rgb = a > 0 ? acc.slice(0, 3).map((v) => v / acc[3]) : [0, 0, 0];
    row.set([...rgb.map((v) => Math.round(v * 255)), Math.round(a * 255)], 1 + px * 4);
  }
  rows.push(row);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(out, png);
console.log(`${out}: ${N}×${N}, ${png.length} bytes`);
