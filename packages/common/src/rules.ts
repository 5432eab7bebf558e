/**
 * The zod-free entry (`@shareshop/common/rules`): the rules and helpers the mini program runs, without the
 * API's schemas. Everything here is also exported by the main entry; keep zod imports out of these modules
 * (the mini program build test checks that zod stays out of its bundle).
 */
export * from './money.js';
export * from './errors.js';
export * from './time.js';
export * from './freight.js';
export * from './after-sale-labels.js';
export * from './order-labels.js';
export * from './share.js';
export * from './commission-rates.js';
