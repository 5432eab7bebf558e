import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { domainModules } from './domain-modules.js';

// Nest's metadata keys (@nestjs/common constants): what @Global() and @Module({ imports }) record on a class.
const GLOBAL = '__module:global__';
const IMPORTS = 'imports';

const importsOf = (m: Type): Type[] => (Reflect.getMetadata(IMPORTS, m) ?? []) as Type[];

/** Every module reachable from the app's domain modules. */
function reachable(): Set<Type> {
  const seen = new Set<Type>();
  const visit = (m: Type) => {
    if (seen.has(m)) return;
    seen.add(m);
    importsOf(m).forEach(visit);
  };
  domainModules().forEach(visit);
  return seen;
}

test('no domain module is @Global: each lists what it uses in its imports', () => {
  const modules = [...reachable()];
  expect(modules.length).toBeGreaterThanOrEqual(domainModules().length);
  expect(modules.filter((m) => Reflect.getMetadata(GLOBAL, m) === true).map((m) => m.name)).toEqual([]);
});

test('the module import graph has no cycle', () => {
  const state = new Map<Type, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (m: Type, path: Type[]) => {
    if (state.get(m) === 'done') return;
    if (state.get(m) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(m)), m].map((x) => x.name).join(' → '));
      return;
    }
    state.set(m, 'visiting');
    for (const i of importsOf(m)) visit(i, [...path, m]);
    state.set(m, 'done');
  };
  for (const m of reachable()) visit(m, []);
  expect(cycles).toEqual([]);
});

test('the seams named in #14 are plain dependencies: orders and auth import referral, referral imports neither', async () => {
  const { OrdersModule } = await import('./orders/orders.module.js');
  const { AuthModule } = await import('./auth/auth.module.js');
  const { ReferralModule } = await import('./referral/referral.module.js');
  expect(importsOf(OrdersModule)).toContain(ReferralModule);
  expect(importsOf(AuthModule)).toContain(ReferralModule);
  expect(importsOf(ReferralModule)).not.toContain(OrdersModule);
  expect(importsOf(ReferralModule)).not.toContain(AuthModule);
});

test('no single-slot setter is left: orders asks payments through PaymentCheck, a plain dependency, and payments writes orders only through OrderPaymentsModule', async () => {
  const { OrdersModule } = await import('./orders/orders.module.js');
  const { OrderPaymentsModule } = await import('./orders/order-payments.module.js');
  const { PaymentsModule } = await import('./payments/payments.module.js');
  const { PaymentResultsModule } = await import('./payments/payment-results.module.js');
  const { PaymentCheck } = await import('./payments/payment-check.service.js');
  expect(importsOf(OrdersModule)).toContain(PaymentResultsModule);
  expect(Reflect.getMetadata('exports', PaymentResultsModule)).toContain(PaymentCheck);
  // payments reaches orders' tables only through the money functions, never through OrdersModule
  expect(importsOf(PaymentResultsModule)).toContain(OrderPaymentsModule);
  expect(importsOf(PaymentResultsModule)).not.toContain(OrdersModule);
  expect(importsOf(PaymentsModule)).not.toContain(OrdersModule);
  expect(importsOf(OrderPaymentsModule)).not.toContain(PaymentResultsModule);
  // the setters #14 named are gone from the orders module's providers
  const names = ((Reflect.getMetadata('providers', OrdersModule) ?? []) as Type[]).map((p) => p.name);
  expect(names).not.toContain('OrderHooks');
});
