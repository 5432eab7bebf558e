import { QrSceneError } from '../errors.js';

/** Characters WeChat accepts in a getwxacodeunlimit scene (besides letters and digits). */
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
export const MAX_SCENE_LENGTH = 32;

/** Throws {@link QrSceneError} unless `scene` is 1–32 characters from WeChat's allowed set (errcode 40169 otherwise). */
export function assertValidScene(scene: string): void {
  if (scene.length === 0) throw new QrSceneError(scene, 'empty');
  if (scene.length > MAX_SCENE_LENGTH) throw new QrSceneError(scene, 'too_long');
  if (!SCENE_PATTERN.test(scene)) throw new QrSceneError(scene, 'illegal_characters');
}
