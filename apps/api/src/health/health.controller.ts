import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.guard.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** 200 when the database answers within 2 s, 503 otherwise (load balancers and `pnpm start` poll this). */
  @Public()
  @Get('health')
  async health(@Res() res: FastifyReply): Promise<void> {
    const started = Date.now();
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2_000).unref()),
      ]);
      res.status(HttpStatus.OK).send({ status: 'ok', database: 'ok', latencyMs: Date.now() - started });
    } catch (e) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).send({ status: 'unhealthy', database: 'down', error: (e as Error).message });
    }
  }
}
