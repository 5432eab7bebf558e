import type { EntityManager } from 'typeorm';
import { Accounts } from '../ledger/accounts.js';
import type { LedgerService } from '../ledger/ledger.service.js';

/**
 * A distributor's wallet and debt change together (a refund after release takes from the wallet, and what
 * the wallet no longer holds becomes debt; a release pays the debt first). Both are read and written under
 * the wallet account's row lock, the same lock a withdrawal takes, always in ascending user id so a sweep
 * and a refund that touch the same two distributors cannot deadlock.
 */
export async function lockDistributorWallets(em: EntityManager, ledger: LedgerService, userIds: Iterable<number>): Promise<void> {
  for (const id of [...new Set(userIds)].sort((a, b) => a - b)) await ledger.lockAccount(em, Accounts.distributorWallet(id));
}

/** The wallet's available money and the debt, both as positive fen (the wallet is a credit balance). */
export async function walletAndDebt(em: EntityManager, ledger: LedgerService, userId: number): Promise<{ wallet: number; debt: number }> {
  const wallet = -(await ledger.balance(em, Accounts.distributorWallet(userId).code)) || 0;
  const debt = Number(await ledger.balance(em, Accounts.distributorDebt(userId).code)) || 0;
  return { wallet, debt };
}
