import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

import devConfig from './dev';
import prodConfig from './prod';

/**
 * Build configuration, written by hand (taro init pins a plugin version that does not exist).
 *
 * Environment (read at build time, baked into the bundle):
 *   TARO_APP_APPID         WeChat appid written to dist/weapp/project.config.json (default: touristappid)
 *   TARO_APP_API_BASE      API base URL (default http://127.0.0.1:7000/api/v1)
 *   TARO_APP_SANDBOX_BASE  WeChat sandbox base URL, used only by the H5 build (default http://127.0.0.1:7100)
 *   TARO_APP_TEMPLATE_MERCHANT_REVIEWED  subscribe message template the 商家入驻 page asks consent for (the
 *                          API's WECHAT_TEMPLATE_MERCHANT_REVIEWED; unset: not asked)
 *   SHARESHOP_OUTPUT_ROOT  output directory instead of dist/<type> (the browser journey builds into its own)
 *
 * Output: dist/weapp for `--type weapp`, dist/h5 for `--type h5`. H5 uses the hash router so the
 * build can be served by any static server and the sandbox cashier can redirect back to `#/...`.
 */
const APPID = process.env.TARO_APP_APPID || process.env.TARO_APP_ID || 'touristappid';
// Taro's own project.config.json generator reads TARO_APP_ID; map our variable onto it.
process.env.TARO_APP_ID = APPID;

const API_BASE = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:7000/api/v1';
const SANDBOX_BASE = process.env.TARO_APP_SANDBOX_BASE || 'http://127.0.0.1:7100';

const COMMON_DIR = path.resolve(__dirname, '../../../packages/common/src');
const COMMON_SRC = path.join(COMMON_DIR, 'index.ts');
/** The zod-free entry (@shareshop/common/rules): the rules the mini program runs, without the API's schemas. */
const COMMON_RULES_SRC = path.join(COMMON_DIR, 'rules.ts');

/**
 * @shareshop/common is TypeScript source with NodeNext-style './x.js' specifiers, and its barrel also
 * re-exports the API's zod schemas. Declaring its modules side-effect free lets webpack keep only the
 * modules we use (money, errors...), so zod never reaches the mini program (it added ~110 KB to main).
 */
function commonPackageRules(chain: any) {
  chain.resolve.merge({ extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } });
  chain.module.rule('shareshop-common-side-effects').test(/\.ts$/).include.add(COMMON_DIR).end().sideEffects(false);
}

export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  const taroEnv = process.env.TARO_ENV || 'weapp';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'shareshop-miniprogram',
    date: '2026-11-22',
    // NutUI is designed at 375px, our own styles at 750rpx.
    designWidth(input: any) {
      if (input?.file?.replace(/\\+/g, '/').indexOf('@nutui') > -1) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // SHARESHOP_OUTPUT_ROOT lets the browser journey build its own copy (its ports baked in) without
    // racing the build smoke test over dist/h5.
    outputRoot: process.env.SHARESHOP_OUTPUT_ROOT || `dist/${taroEnv}`,
    plugins: [],
    env: {
      TARO_APP_API_BASE: JSON.stringify(API_BASE),
      TARO_APP_SANDBOX_BASE: JSON.stringify(SANDBOX_BASE),
      TARO_APP_TEMPLATE_MERCHANT_REVIEWED: JSON.stringify(process.env.TARO_APP_TEMPLATE_MERCHANT_REVIEWED || ''),
    },
    defineConstants: {},
    alias: {
      // the subpath first, and the main entry matched exactly, so '/rules' never resolves inside index.ts
      '@shareshop/common/rules': COMMON_RULES_SRC,
      '@shareshop/common$': COMMON_SRC,
      '@': path.resolve(__dirname, '..', 'src'),
    },
    sass: { resource: [path.resolve(__dirname, '..', 'src/styles/variables.scss')] },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      // Compile the workspace package's TypeScript source like our own.
      compile: { include: [COMMON_DIR] },
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        commonPackageRules(chain);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      compile: { include: [COMMON_DIR] },
      esnextModules: ['nutui-react'],
      postcss: {
        pxtransform: { enable: true, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        commonPackageRules(chain);
        // Taro's H5 default splits only initial chunks, so every lazily loaded page chunk carried its own
        // copy of NutUI and the Taro components (~280 KB each). Share them across pages instead.
        chain.optimization.splitChunks({
          chunks: 'all',
          cacheGroups: {
            default: false,
            defaultVendors: false,
            vendors: { name: 'vendors', test: /[\\/]node_modules[\\/]/, minChunks: 2, priority: 10, reuseExistingChunk: true },
            common: { name: 'common', minChunks: 2, priority: 1, reuseExistingChunk: true },
          },
        });
      },
    },
  };
  if (mode === 'development' || process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
