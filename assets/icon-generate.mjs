// Draws the app icon (assets/icon.png, 512×512) without any image library: signed-distance shapes,
// 4×4 supersampled for smooth edges, written as a PNG with zlib. assets/icon.svg is the same mark.
// Run: node assets/icon-generate.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const S = 512;
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const TOP = hex('#2B5C8A');
const BOTTOM = hex('#173150');
const WHITE = hex('#FFFFFF');
const GOLD = hex('#F2B544');

// Signed distances (negative inside).
const roundRect = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const ring = (x, y, cx, cy, r, w) => Math.abs(Math.hypot(x - cx, y - cy) - r) - w / 2;
const capsule = (x, y, ax, ay, bx, by, w) => {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - w / 2;
};

// The mark: a magnifying lens (forensics) over three ledger lines of equal length (a balance that ties out).
function colourAt(x, y) {
  if (roundRect(x, y, 256, 256, 224, 224, 100) > 0) return null;
  const t = (y - 32) / 448;
  let c = TOP.map((v, i) => v + (BOTTOM[i] - v) * t);
  if (ring(x, y, 224, 224, 118, 30) < 0 || capsule(x, y, 318, 318, 408, 408, 46) < 0) c = WHITE;
  for (const ly of [184, 224, 264]) if (capsule(x, y, 170, ly, 278, ly, 18) < 0) c = GOLD;
  return c;
}

const N = 4;
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let py = 0; py < S; py++) {
  raw[py * (S * 4 + 1)] = 0; // PNG filter: none
  for (let px = 0; px < S; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < N; sy++)
      for (let sx = 0; sx < N; sx++) {
        const c = colourAt(px + (sx + 0.5) / N, py + (sy + 0.5) / N);
        if (!c) continue;
        r += c[0];
        g += c[1];
        b += c[2];
        a++;
      }
    const o = py * (S * 4 + 1) + 1 + px * 4;
    // Straight (not premultiplied) alpha, as PNG expects.
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round((a / (N * N)) * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2B5C8A"/><stop offset="1" stop-color="#173150"/></linearGradient></defs>
  <rect x="32" y="32" width="448" height="448" rx="100" fill="url(#bg)"/>
  <circle cx="224" cy="224" r="118" fill="none" stroke="#FFFFFF" stroke-width="30"/>
  <line x1="318" y1="318" x2="408" y2="408" stroke="#FFFFFF" stroke-width="46" stroke-linecap="round"/>
  <g stroke="#F2B544" stroke-width="18" stroke-linecap="round"><line x1="170" y1="184" x2="278" y2="184"/><line x1="170" y1="224" x2="278" y2="224"/><line x1="170" y1="264" x2="278" y2="264"/></g>
</svg>
`;
writeFileSync(new URL('./icon.svg', import.meta.url), svg);
console.log(`icon.png ${png.length} bytes, icon.svg ${svg.length} bytes`);
