import type { IncomingHttpHeaders } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * The API's only body parsers, on the Fastify instance: JSON (with the raw bytes kept on `request.rawBody`
 * for the WeChat Pay callbacks, whose signatures cover them), multipart for the upload routes (registered by
 * @fastify/multipart, more specific than the catch-all below), and a catch-all that refuses every other
 * body with 415 naming the body, instead of letting it reach a handler as "no body" and fail validation
 * with a misleading "body 必填".
 *
 * Written out instead of Fastify's JSON parser so that the limits and errors stay those the API always had:
 * an empty body is `{}`, only an object or array is JSON here (a bare `"x"` or `1` is refused), gzip /
 * deflate / br bodies are inflated, and every failure is an error shaped like body-parser's
 * (`status` + `type`), which the error filter turns into the same `{ code, message }` as before.
 */
export function registerBodyParsers(fastify: FastifyInstance, limitBytes: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request: FastifyRequest, payload: Readable) => readJson(request, payload, limitBytes));
  fastify.addContentTypeParser('*', async (request: FastifyRequest, payload: Readable) => {
    const type = request.headers['content-type'];
    // a body without a Content-Type, or an empty one, is no body (as it always was): drop it
    if (!type || !hasBody(request.headers)) {
      payload.resume();
      return undefined;
    }
    throw bodyError(415, 'unsupported.media.type', `请求体须为 JSON（Content-Type: application/json），收到 ${type.split(';')[0]}`);
  });
}

type BodyError = Error & { status: number; type: string };

const bodyError = (status: number, type: string, message: string): BodyError => Object.assign(new Error(message), { status, type });
const tooLarge = () => bodyError(413, 'entity.too.large', 'request entity too large');

function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

async function readJson(request: FastifyRequest, payload: Readable, limit: number): Promise<unknown> {
  const { headers } = request;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(headers['content-type'] ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'utf8') throw bodyError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  // refused before reading a byte when the declared length is already over the limit
  if (encoding === 'identity' && Number(headers['content-length']) > limit) throw tooLarge();
  const raw = await readAll(inflated(payload, encoding), limit);
  (request as RawBodyRequest<FastifyRequest>).rawBody = raw;
  if (raw.length === 0) return {}; // an empty JSON body is a common client mistake, taken as {}
  const text = raw.toString('utf8');
  const first = /^[ \t\n\r]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw bodyError(400, 'entity.parse.failed', 'JSON body must be an object or an array');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw bodyError(400, 'entity.parse.failed', (error as Error).message);
  }
}

const INFLATERS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

function inflated(payload: Readable, encoding: string): Readable {
  if (encoding === 'identity') return payload;
  const inflate = INFLATERS.get(encoding);
  if (!inflate) throw bodyError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`);
  const stream = inflate();
  payload.on('error', (error) => stream.destroy(error));
  return payload.pipe(stream);
}

/** The whole body, or a 413 as soon as it passes `limit` (nothing more is kept), or a 400 when the client goes away mid-body. */
function readAll(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => stop();
    const onError = (error: Error) =>
      stop(
        /unexpected end|incorrect header|invalid/i.test(error.message)
          ? bodyError(400, 'entity.parse.failed', error.message)
          : bodyError(400, 'request.aborted', 'request aborted'),
      );
    const onClose = () => stop(bodyError(400, 'request.aborted', 'request aborted'));
    stream.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}
