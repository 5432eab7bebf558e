import { sniffImageType } from './image-type.js';

const bytes = (...parts: Array<number[] | string>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

test('recognises JPEG, PNG, WebP and GIF by their signatures', () => {
  expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
  expect(sniffImageType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 13]))).toBe('image/png');
  expect(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
  expect(sniffImageType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
  expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif');
});

test('anything else is refused, whatever it claims to be', () => {
  expect(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
  expect(sniffImageType(bytes('<!doctype html><html>'))).toBeNull();
  expect(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull(); // RIFF, but audio
  expect(sniffImageType(bytes('GIF8'))).toBeNull(); // truncated
  expect(sniffImageType(new Uint8Array())).toBeNull();
});
