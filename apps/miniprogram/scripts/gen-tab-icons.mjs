// Draws the three 81x81 tab bar icons (店铺 / 购物车 / 我的) as PNGs with no dependencies.
// Run once: node scripts/gen-tab-icons.mjs (outputs are committed under src/assets/tab).
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const S = 81;
function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(inside, [r, g, b]) {
  const raw = Buffer.alloc((S * 4 + 1) * S);
  for (let y = 0; y < S; y++) {
    raw[y * (S * 4 + 1)] = 0;
    for (let x = 0; x < S; x++) {
      // 4x supersampling for smooth edges
      let hit = 0;
      for (let sy = 0; sy < 2; sy++) for (let sx = 0; sx < 2; sx++) if (inside(x + 0.25 + sx * 0.5, y + 0.25 + sy * 0.5)) hit++;
      const o = y * (S * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((hit / 4) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(S, 0);
  ihdr.writeUInt32BE(S, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const frame = (x0, y0, x1, y1, w) => (x, y) => rect(x0, y0, x1, y1)(x, y) && !rect(x0 + w, y0 + w, x1 - w, y1 - w)(x, y);
const any =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));
const roof = (x, y) => y >= 14 && y <= 38 && Math.abs(x - 40.5) <= (y - 14) * 1.25 + 2 && Math.abs(x - 40.5) >= (y - 14) * 1.25 - 4;
const shop = any(roof, frame(20, 36, 61, 68, 5), rect(35, 48, 46, 68));
const cart = any(
  rect(10, 16, 22, 21),
  (x, y) => x >= 18 && x <= 23 && y >= 16 && y <= 50,
  frame(18, 26, 68, 50, 5),
  rect(18, 46, 60, 51),
  disc(28, 62, 5),
  disc(56, 62, 5),
);
const mine = any(ring(40.5, 28, 13, 5), (x, y) => y <= 70 && y >= 48 && ring(40.5, 74, 26, 5)(x, y));
const gray = [0x66, 0x66, 0x66],
  red = [0xfa, 0x2c, 0x19];
for (const [name, f] of [
  ['shop', shop],
  ['cart', cart],
  ['mine', mine],
]) {
  writeFileSync(new URL(`../src/assets/tab/${name}.png`, import.meta.url), png(f, gray));
  writeFileSync(new URL(`../src/assets/tab/${name}-active.png`, import.meta.url), png(f, red));
}
