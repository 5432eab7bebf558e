// Jest projects of the mini program, spread into the root jest.config.js `projects`.
//   unit:  displayName 'apps/miniprogram'        jsdom, src/**/*.test.tsx? and test/**/*.test.tsx
//   build: displayName 'apps/miniprogram:build'  node, test/build.test.ts (runs both Taro builds)
import { swcTransform } from '../../jest.shared.js';

const [pattern, [swc, swcOptions]] = Object.entries(swcTransform)[0];
// Same swc settings as the rest of the repo, but CommonJS output: the project runs as CJS so the
// ESM-syntax files of @tarojs/components (a package without "type": "module") can be transformed too.
const cjsTransform = {
  [pattern]: [swc, { ...swcOptions, module: { type: 'commonjs' } }],
  '^.+\\.mjs$': [swc, { ...swcOptions, module: { type: 'commonjs' } }],
};

const dir = 'apps/miniprogram';

export const miniprogramProjects = [
  {
    displayName: dir,
    rootDir: dir,
    testEnvironment: 'jsdom',
    transform: cjsTransform,
    // node_modules are plain CommonJS except these ESM packages (@tarojs/components, its Stencil runtime,
    // Swiper, and the tslib copy vendored inside @tarojs/components).
    transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm|@tarojs|@stencil|tslib|swiper|ssr-window|dom7)[/+@])'],
    moduleNameMapper: {
      '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
      '^@tarojs/components$': '@tarojs/components/lib/react',
      '\\.(css|scss|sass|less)$': '<rootDir>/test/mocks/style.ts',
      '^@shareshop/common$': '<rootDir>/../../packages/common/src/index.ts',
      '^@shareshop/common/rules$': '<rootDir>/../../packages/common/src/rules.ts',
      '^@/(.*)$': '<rootDir>/src/$1',
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    // Build-time flags Taro's runtime expects webpack to define.
    globals: {
      ENABLE_INNER_HTML: true,
      ENABLE_ADJACENT_HTML: true,
      ENABLE_SIZE_APIS: true,
      ENABLE_TEMPLATE_CONTENT: true,
      ENABLE_CLONE_NODE: true,
      ENABLE_CONTAINS: true,
      ENABLE_MUTATION_OBSERVER: false,
      DEPRECATED_ADAPTER_COMPONENT: false,
      SUPPORT_TARO_POLYFILL: 'disabled',
    },
    setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
    testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/test/**/*.test.tsx'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  },
  {
    displayName: `${dir}:build`,
    rootDir: dir,
    testEnvironment: 'node',
    transform: cjsTransform,
    testMatch: ['<rootDir>/test/build.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  },
];
