import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { type AppConfig, ConfigError } from './config/config.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded.js';
import { seedDemo } from './database/seed.js';
import { seedPersonas } from './database/seed-personas.js';
import { accessLogHook } from './http/access-log.js';
import { corsHook } from './http/cors.js';
import { registerBodyParsers } from './http/json-body.js';
import { JsonLogger } from './http/json-logger.js';
import { requestContextHook, requestIdOf } from './http/request-context.js';

export interface RunningApi {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Reads the token secret from config, or (outside production) generates one kept under DATA_DIR. */
function tokenSecret(config: AppConfig): string {
  if (config.auth.AUTH_TOKEN_SECRET) return config.auth.AUTH_TOKEN_SECRET;
  if (process.env.NODE_ENV === 'production') throw new ConfigError(['AUTH_TOKEN_SECRET (auth): required when NODE_ENV=production']);
  const file = path.join(config.database.DATA_DIR, 'auth-token-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

export async function startApi(config: AppConfig): Promise<RunningApi> {
  const secret = tokenSecret(config);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.database.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.database.DATA_DIR, config.database.EMBEDDED_PG_PORT);
    databaseUrl = embedded.url;
  }
  try {
    // Fastify (apps/api/docs/design.md, "HTTP layer"): no ETag and no X-Powered-By unless asked for.
    const adapter = new FastifyAdapter({
      trustProxy: config.rateLimit.TRUST_PROXY, // false, or the proxies named in TRUST_PROXY
      genReqId: requestIdOf, // request.id is the request id: the caller's X-Request-Id if sane, else a UUID
      requestIdHeader: false,
      // as Express routed: case-insensitive, a trailing slash allowed, no cap on a path parameter's length
      routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 2048 },
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, databaseUrl, tokenSecret: secret }), adapter, {
      logger: new JsonLogger(config.http.LOG_LEVEL),
      bodyParser: false, // JSON only (registerBodyParsers, below), with the raw bytes kept for WeChat Pay signatures
      abortOnError: false, // throw boot errors to the caller (main.ts exits; tests report them) instead of process.exit
    });
    // Fastify hooks, in order, ahead of Nest's router: they apply to every path, so Nest's per-route
    // middleware matching would only add work. The request context comes before body parsing so that its
    // errors (bad JSON, too large) carry the request id too.
    const fastify = adapter.getInstance();
    fastify.addHook('onRequest', corsHook);
    fastify.addHook('onRequest', requestContextHook);
    if (config.http.LOG_LEVEL === 'debug' || config.http.LOG_LEVEL === 'log') fastify.addHook('onResponse', accessLogHook);
    registerBodyParsers(fastify, config.http.BODY_LIMIT_KB * 1024);
    app.setGlobalPrefix('api/v1', { exclude: ['health', 'static/demo/{*name}', 'uploads/{*path}'] });
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('ShareShop API 分享小店')
        .setDescription('Money is integer fen; rates are basis points; business days are Asia/Shanghai days.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });

    const dataSource = app.get(DataSource);
    if (config.database.SEED_DEMO === 'auto') {
      await seedDemo(dataSource, config.personas?.merchantOwner);
      if (config.personas) await seedPersonas(app, config.personas);
    }
    await app.listen(config.http.API_PORT, config.http.API_HOST);
    const address = app.getHttpServer().address();
    const url = `http://${config.http.API_HOST}:${typeof address === 'object' && address ? address.port : config.http.API_PORT}`;
    return {
      app,
      url,
      databaseUrl,
      dataSource,
      async close() {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
