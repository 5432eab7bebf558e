import { Injectable } from '@nestjs/common';
import type { Address } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { NotFound } from '../domain/errors.js';

/**
 * Merchant preferences that other modules' pages edit (the after-sale return address, the low-stock
 * threshold): merchants owns the `merchant` table, so those modules read and write them through here.
 */
@Injectable()
export class MerchantPreferences {
  constructor(private readonly dataSource: DataSource) {}

  async returnAddress(merchantId: number): Promise<Address | null> {
    const [m] = await this.dataSource.query<Array<{ return_address: Address | null }>>('SELECT return_address FROM merchant WHERE id = $1', [merchantId]);
    return m?.return_address ?? null;
  }

  async setReturnAddress(merchantId: number, address: Address | null): Promise<void> {
    await this.dataSource.query('UPDATE merchant SET return_address = $2 WHERE id = $1', [merchantId, address ? JSON.stringify(address) : null]);
  }

  async lowStockThreshold(merchantId: number): Promise<number> {
    const [m] = await this.dataSource.query<Array<{ low_stock_threshold: number }>>('SELECT low_stock_threshold FROM merchant WHERE id = $1', [merchantId]);
    if (!m) throw new NotFound('商家');
    return m.low_stock_threshold;
  }

  async setLowStockThreshold(merchantId: number, threshold: number): Promise<void> {
    await this.dataSource.query('UPDATE merchant SET low_stock_threshold = $2 WHERE id = $1', [merchantId, threshold]);
  }
}
