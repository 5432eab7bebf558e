import { Injectable } from '@nestjs/common';
import type { EarningsView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Accounts } from '../ledger/accounts.js';

/**
 * Earnings straight from the ledger (the distributor's liability accounts carry credit balances, hence the
 * sign flip), so what the page shows is by construction what the books say.
 */
@Injectable()
export class EarningsService {
  constructor(private readonly dataSource: DataSource) {}

  async earnings(userId: number): Promise<EarningsView> {
    const codes = [
      Accounts.distributorPending(userId).code,
      Accounts.distributorWallet(userId).code,
      Accounts.distributorWithdrawing(userId).code,
      Accounts.distributorDebt(userId).code,
    ];
    const balances = await this.dataSource.query<Array<{ code: string; balance: number }>>(
      `SELECT a.code, COALESCE(SUM(e.amount), 0)::bigint AS balance FROM ledger_account a
       LEFT JOIN ledger_entry e ON e.account_id = a.id WHERE a.code = ANY($1) GROUP BY a.code`,
      [codes],
    );
    const of = (code: string) => -(balances.find((b) => b.code === code)?.balance ?? 0) || 0;
    const [row] = await this.dataSource.query<Array<{ withdrawn: number; reversed: number }>>(
      `SELECT (SELECT COALESCE(SUM(amount), 0) FROM withdrawal WHERE user_id = $1 AND status = 'succeeded')::bigint AS withdrawn,
              (SELECT COALESCE(SUM(reversed_amount), 0) FROM commission WHERE beneficiary_user_id = $1)::bigint AS reversed`,
      [userId],
    );
    // available = wallet − debt (the debt account is an asset, a debit balance): what a withdrawal may take
    return { pending: of(codes[0]!), available: of(codes[1]!) + of(codes[3]!), withdrawing: of(codes[2]!), withdrawn: row.withdrawn, reversed: row.reversed };
  }
}
