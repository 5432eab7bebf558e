import type { LaunchOptions } from 'playwright-core';

/** Debian's Chromium, headless, as root on a CI machine (flags from /work/shared/toolchain-notes.md). */
export const CHROMIUM: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  // playwright gives every launch a fresh temporary profile (its own --user-data-dir)
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  timeout: 30_000,
};
