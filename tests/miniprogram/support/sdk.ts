/**
 * The SDK's classes as types. miniprogram-automator is CommonJS whose typings say `export default class`, so under
 * NodeNext a default type import would name the module, not the class; these aliases name the classes.
 */
import type * as ElementModule from 'miniprogram-automator/out/Element.js';
import type * as MiniProgramModule from 'miniprogram-automator/out/MiniProgram.js';
import type * as PageModule from 'miniprogram-automator/out/Page.js';

export type { ILaunchOptions } from 'miniprogram-automator/out/Launcher.js';
export type MiniProgram = MiniProgramModule.default;
export type Page = PageModule.default;
export type Element = ElementModule.default;
export type InputElement = ElementModule.InputElement;

/** `el` as the SDK's InputElement (what `page.$` returns for an input or textarea), to type into it. */
export function asInput(el: Element | null): InputElement {
  if (!el || typeof (el as Partial<InputElement>).input !== 'function') throw new Error(`not an input element: ${el?.tagName ?? 'none'}`);
  return el as InputElement;
}
