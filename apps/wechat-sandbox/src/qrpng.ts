import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/**
 * Render `text` as a QR code PNG (8-bit greyscale) about `width` pixels wide.
 * qrcode's own PNG writer (pngjs) is ~100x slower under Jest's VM modules, so only the matrix comes from it.
 */
export function qrPng(text: string, width: number, margin = 2): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cells = n + 2 * margin;
  const scale = Math.max(1, Math.floor(width / cells));
  const px = cells * scale;
  const raw = Buffer.alloc((px + 1) * px, 0xff);
  for (let y = 0; y < px; y++) {
    const rowStart = y * (px + 1);
    raw[rowStart] = 0; // filter: none
    const r = Math.floor(y / scale) - margin;
    if (r < 0 || r >= n) continue;
    for (let x = 0; x < px; x++) {
      const c = Math.floor(x / scale) - margin;
      if (c >= 0 && c < n && qr.modules.data[r * n + c]) raw[rowStart + 1 + x] = 0;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(px, 0);
  ihdr.writeUInt32BE(px, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
