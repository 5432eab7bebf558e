import { nodeProject } from './jest.shared.js';
import { miniprogramProjects } from './apps/miniprogram/jest.projects.mjs';

// One runner for the whole repo: `pnpm test` (scripts/test.mjs) runs every project below against a
// fresh PostgreSQL database created for the run (scripts/jest-global-setup.js) and dropped after it.
export default {
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-global-teardown.js',
  projects: [
    nodeProject('packages/common'),
    ...miniprogramProjects,
    nodeProject('apps/api', { testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'] }),
    nodeProject('apps/wechat-sandbox'),
    nodeProject('packages/wechat'),
    nodeProject('tests', {
      testMatch: ['<rootDir>/security/**/*.test.ts', '<rootDir>/faults/**/*.test.ts', '<rootDir>/browser/**/*.test.ts', '<rootDir>/miniprogram/**/*.test.ts'],
      testTimeout: 120_000,
    }),
  ],
  testTimeout: 30_000,
};
