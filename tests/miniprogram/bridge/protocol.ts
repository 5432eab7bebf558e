/**
 * The JSON messages miniprogram-automator 0.12.1 exchanges with WeChat DevTools over its WebSocket, as read
 * from the SDK's own source (node_modules/miniprogram-automator/out/Connection.js, MiniProgram.js, Page.js,
 * Element.js):
 *
 *   SDK → tool:  { id, method, params }            (params of Page.* carry pageId; of Element.* elementId and pageId)
 *   tool → SDK:  { id, result } or { id, error: { message } }   (the SDK rejects with Error(message))
 *   tool → SDK:  { method, params } without an id: an event (App.logAdded, App.bindingCalled, App.exceptionThrown)
 */

export interface Request {
  id: string;
  method: string;
  params: Record<string, any>;
}

export type Reply = { id: string; result: unknown } | { id: string; error: { message: string } };

export interface Event {
  method: 'App.logAdded' | 'App.bindingCalled' | 'App.exceptionThrown';
  params: Record<string, unknown>;
}

/** A page as App.getCurrentPage / App.getPageStack report it (path without a leading slash, query as an object). */
export interface PageInfo {
  pageId: number;
  path: string;
  query: Record<string, string>;
}

/** An element as Page.getElement(s) / Element.getElement(s) report it; tagName is the mini program's tag. */
export interface ElementInfo {
  elementId: string;
  tagName: string;
}

/**
 * What the bridge answers for a method it cannot carry out truthfully on the H5 build. The SDK turns it into
 * `Error(message)`, as it does for any error DevTools returns.
 */
export class UnsupportedMethod extends Error {
  constructor(method: string, why: string) {
    super(`${method} is not supported by the H5 automator bridge: ${why}`);
  }
}

/** The SDK's own checkVersion() requires SDKVersion ≥ 2.7.3 (or 'dev'); the bridge reports the base library it stands in for. */
export const BRIDGE_SDK_VERSION = '3.3.4';
