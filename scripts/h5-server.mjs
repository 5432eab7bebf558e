// The static server `pnpm start` runs for the mini program's H5 build (scripts/start.mjs). A separate module
// so its edge cases are tested (tests/faults/h5-server.test.ts): a request must never crash `pnpm start`.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Serves files under `dir`; any path that is not a file gets index.html (the H5 router's pages). */
export function createH5Server(dir) {
  const root = path.resolve(dir);
  return http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://h5.local').pathname);
    } catch {
      // `/%`, `/%E0%A4%A`: not a path anyone's browser sends; decodeURIComponent throws URIError
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bad Request: malformed URL');
      return;
    }
    let file = path.join(root, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root + path.sep) || urlPath.includes('\0') || !isFile(file)) file = path.join(root, 'index.html');
    const stream = fs.createReadStream(file);
    stream.once('error', () => {
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not Found');
    });
    stream.once('open', () => {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      stream.pipe(res);
    });
  });
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
