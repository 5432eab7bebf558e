// WeChat rules: tab pages in the main package, everything else in subpackages; merchant admin is its own.
// Page paths must match src/routes.ts.
export default defineAppConfig({
  pages: ['pages/shop/index', 'pages/cart/index', 'pages/mine/index'],
  subPackages: [
    { root: 'pkg-product', pages: ['detail/index'] },
    {
      root: 'pkg-order',
      pages: ['checkout/index', 'list/index', 'detail/index', 'after-sales/apply/index', 'after-sales/detail/index', 'after-sales/list/index'],
    },
    {
      root: 'pkg-distributor',
      pages: [
        'open/index',
        'settings/index',
        'products/index',
        'poster/index',
        'center/index',
        'earnings/index',
        'commissions/index',
        'team/index',
        'withdraw/index',
        'shop-orders/index',
      ],
    },
    {
      root: 'pkg-merchant',
      pages: [
        'dashboard/index',
        'products/index',
        'edit/index',
        'stock/index',
        'orders/index',
        'aftersales/index',
        'aftersales/detail/index',
        'commission/index',
        'settlements/index',
        'settlements/detail/index',
        'apply/index',
        'application/index',
        'staff/index',
        'join/index',
      ],
    },
    // platform operators only (the API refuses everyone else): merchant applications, rules, settlement, users
    {
      root: 'pkg-admin',
      pages: [
        'merchants/index',
        'index/index',
        'rules/index',
        'settlements/index',
        'settlements/detail/index',
        'reconciliation/index',
        'payouts/index',
        'users/index',
      ],
    },
  ],
  preloadRule: {
    'pages/shop/index': { network: 'all', packages: ['pkg-product'] },
    'pages/cart/index': { network: 'all', packages: ['pkg-order'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '分享小店',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#fa2c19',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/shop/index', text: '店铺', iconPath: 'assets/tab/shop.png', selectedIconPath: 'assets/tab/shop-active.png' },
      { pagePath: 'pages/cart/index', text: '购物车', iconPath: 'assets/tab/cart.png', selectedIconPath: 'assets/tab/cart-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  permission: {},
  lazyCodeLoading: 'requiredComponents',
});
