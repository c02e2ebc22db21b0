import type { Browser } from 'playwright-core';

/**
 * Debian's chromium, headless, as both the Board pack printer and the browser tests launch it: no sandbox
 * (it runs as root in CI), no GPU, and none of the background traffic a desktop browser makes.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}
