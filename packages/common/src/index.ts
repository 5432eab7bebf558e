export * from './money.js';
export * from './errors.js';
export * from './time.js';
export * from './ids.js';
export * from './auth.js';
