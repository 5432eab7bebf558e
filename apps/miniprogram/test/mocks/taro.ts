/**
 * A small @tarojs/taro for Jest (moduleNameMapper points '@tarojs/taro' here). Storage is in memory;
 * everything that talks to WeChat is a jest.fn() tests can program. `resetTaroMock()` runs before each test.
 */
const storage = new Map<string, unknown>();

export const router = { params: {} as Record<string, string>, path: '/pages/shop/index' };

const Taro = {
  getStorageSync: jest.fn((key: string) => (storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => void storage.set(key, JSON.parse(JSON.stringify(value ?? null)))),
  removeStorageSync: jest.fn((key: string) => void storage.delete(key)),
  request: jest.fn(async (_opts: any): Promise<any> => ({ statusCode: 200, data: {}, header: {} })),
  downloadFile: jest.fn(async (_opts: any): Promise<any> => ({ statusCode: 200, tempFilePath: 'blob:tmp' })),
  uploadFile: jest.fn(async (_opts: any): Promise<any> => ({ statusCode: 201, data: '{}' })),
  chooseMedia: jest.fn(async (_opts: any): Promise<any> => ({ tempFiles: [{ tempFilePath: 'blob:picked', size: 1024 }] })),
  setNavigationBarTitle: jest.fn(async (_opts: any) => ({})),
  login: jest.fn(async () => ({ code: 'wx-code', errMsg: 'login:ok' })),
  requestPayment: jest.fn(async (_opts: any) => ({ errMsg: 'requestPayment:ok' })),
  saveImageToPhotosAlbum: jest.fn(async (_opts: any) => ({ errMsg: 'saveImageToPhotosAlbum:ok' })),
  openSetting: jest.fn(async () => ({})),
  getLaunchOptionsSync: jest.fn(() => ({ path: 'pages/shop/index', query: {} as Record<string, string>, scene: 1001 })),
  getEnterOptionsSync: jest.fn(() => ({ path: 'pages/shop/index', query: {} as Record<string, string>, scene: 1001 })),
  showToast: jest.fn(async (_opts: any) => ({})),
  showModal: jest.fn(async (_opts: any) => ({ confirm: true, cancel: false })),
  showActionSheet: jest.fn(async (_opts: any) => ({ tapIndex: 0 })),
  navigateTo: jest.fn(async (_opts: any) => ({})),
  redirectTo: jest.fn(async (_opts: any) => ({})),
  switchTab: jest.fn(async (_opts: any) => ({})),
  stopPullDownRefresh: jest.fn(),
  getEnv: jest.fn(() => 'WEB'),
  ENV_TYPE: { WEAPP: 'WEAPP', WEB: 'WEB' },
};

export function resetTaroMock() {
  storage.clear();
  router.params = {};
  for (const fn of Object.values(Taro)) if (jest.isMockFunction(fn)) fn.mockClear();
}

export const useRouter = () => router;
const noopHook = (_fn?: unknown) => undefined;
export const useLaunch = noopHook;
export const useDidShow = noopHook;
export const useDidHide = noopHook;
export const useLoad = noopHook;
export const useReady = noopHook;
export const usePullDownRefresh = noopHook;
export const useReachBottom = noopHook;
export const useShareAppMessage = noopHook;

export const { getEnv, ENV_TYPE } = Taro;
export default Taro;
