import { resetTaroMock } from './mocks/taro';

// jsdom has no canvas; Taro/NutUI probe it.
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { value: () => null, configurable: true });

beforeEach(() => resetTaroMock());
