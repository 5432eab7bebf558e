// Shared Jest settings. Every package is native ESM TypeScript; @swc/jest compiles it (with decorator
// metadata for Nest) and Jest runs it under --experimental-vm-modules (scripts/test.mjs sets the flag).
export const swcTransform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'es6' },
    },
  ],
};

const repoRoot = new URL('.', import.meta.url).pathname;

/** Workspace packages resolve to their TypeScript sources in tests, so no build is needed first. */
export const workspaceModules = {
  '^@shareshop/common$': `${repoRoot}packages/common/src/index.ts`,
  '^@shareshop/wechat$': `${repoRoot}packages/wechat/src/index.ts`,
  '^@shareshop/wechat-sandbox$': `${repoRoot}apps/wechat-sandbox/src/index.ts`,
};

/** A Node test project rooted at `dir` (relative to the repo root). */
export function nodeProject(dir, extra = {}) {
  return {
    displayName: dir,
    rootDir: dir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: swcTransform,
    moduleNameMapper: {
      ...workspaceModules,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testMatch: ['<rootDir>/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    ...extra,
  };
}
