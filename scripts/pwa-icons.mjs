/**
 * Draws the web app's install icons (web/public/icons/*.png) with node:zlib only — no image library,
 * nothing downloaded. The PNGs are committed; run `node scripts/pwa-icons.mjs` again after changing
 * the drawing. "any" icons are a rounded blue tile; "maskable" ones fill the square and keep the glyph
 * inside the safe zone (the centre circle of 40 % radius), so a launcher's mask never cuts it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../web/public/icons/', import.meta.url);
const BLUE = [0x16, 0x77, 0xff];
const WHITE = [0xff, 0xff, 0xff];
const SUPER = 4; // samples per pixel side, for smooth edges

/** The glyph in unit coordinates: a "T" over a strip of barcode bars. */
const GLYPH = [
  [0.24, 0.22, 0.76, 0.35], // the T's bar
  [0.435, 0.35, 0.565, 0.63], // its stem
  ...[[0.24, 0.05], [0.32, 0.025], [0.375, 0.06], [0.465, 0.025], [0.52, 0.045], [0.6, 0.025], [0.655, 0.06], [0.74, 0.02]]
    .map(([x, w]) => [x, 0.69, x + w, 0.79]),
];

function inRoundedRect(x, y, r) {
  const cx = Math.min(Math.max(x, r), 1 - r), cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour (with coverage 0..1) of one sample at unit coordinates. */
function sample(x, y, maskable) {
  if (!maskable && !inRoundedRect(x, y, 0.2)) return null;
  // maskable: the glyph shrunk about the centre into the safe zone
  const k = maskable ? 0.72 : 1;
  const gx = (x - 0.5) / k + 0.5, gy = (y - 0.5) / k + 0.5;
  return GLYPH.some(([x0, y0, x1, y1]) => gx >= x0 && gx < x1 && gy >= y0 && gy < y1) ? WHITE : BLUE;
}

function draw(size, maskable) {
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(stride * size);
  for (let py = 0; py < size; py++) {
    raw[py * stride] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUPER; sy++) {
        for (let sx = 0; sx < SUPER; sx++) {
          const c = sample((px + (sx + 0.5) / SUPER) / size, (py + (sy + 0.5) / SUPER) / size, maskable);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a++;
        }
      }
      const o = py * stride + 1 + px * 4;
      if (a) { raw[o] = Math.round(r / a); raw[o + 1] = Math.round(g / a); raw[o + 2] = Math.round(b / a); }
      raw[o + 3] = Math.round((a / (SUPER * SUPER)) * 255);
    }
  }
  return png(size, raw);
}

const CRC = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const x of buf) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
}

function png(size, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(OUT, { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(new URL(`icon-${size}.png`, OUT), draw(size, false));
  writeFileSync(new URL(`maskable-${size}.png`, OUT), draw(size, true));
}
console.log(`icons written to ${OUT.pathname}`);
