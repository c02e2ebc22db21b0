import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoardPack } from '../cases/board-pack.js';
import { EstatesError } from '../errors.js';
import { launchChromium } from './chromium.js';

/**
 * The Board pack as an A4 PDF: headless Chromium (Debian's, driven by playwright-core, as the browser tests
 * do) opens web/pack.html, which draws the pack with the UI's own view (web/js/pack/view.js), and prints it.
 * The page's files are served to the browser from web/ by request interception: no server, no session, and
 * no request leaves the machine (anything not under the pack's origin is refused).
 */

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
const ORIGIN = 'http://board-pack.localhost';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const RENDER_TIMEOUT_MS = 30_000;

/** One print at a time per process: each is a browser of a few hundred MB. */
let queue: Promise<unknown> = Promise.resolve();

export function printBoardPack(pack: BoardPack, chromiumPath: string): Promise<Buffer> {
  const printed = queue.then(() => print(pack, chromiumPath));
  queue = printed.catch(() => undefined);
  return printed;
}

async function fileResponse(url: URL): Promise<{ status: number; contentType?: string; body?: Buffer }> {
  const file = path.resolve(WEB_ROOT, `.${decodeURIComponent(url.pathname.replace(/^\/ui\//, '/'))}`);
  const type = TYPES[path.extname(file)];
  if (!file.startsWith(`${WEB_ROOT}${path.sep}`) || type === undefined) return { status: 404 };
  const body = await readFile(file).catch(() => null);
  return body === null ? { status: 404 } : { status: 200, contentType: type, body };
}

async function print(pack: BoardPack, chromiumPath: string): Promise<Buffer> {
  if (!existsSync(chromiumPath))
    throw new EstatesError(
      'service_unavailable',
      `the Board pack is printed by Chromium, and there is none at ${chromiumPath}: run "estates services up" (it installs Debian's chromium) or set CHROMIUM_PATH`,
    );
  const browser = await launchChromium(chromiumPath);
  try {
    const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) return route.abort();
      return route.fulfill(await fileResponse(url));
    });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') failures.push(m.text());
    });
    await page.addInitScript((data) => {
      (globalThis as unknown as { __BOARD_PACK__: unknown }).__BOARD_PACK__ = data;
    }, pack);
    await page.goto(`${ORIGIN}/ui/pack.html`);
    await page.waitForSelector('body[data-pack-ready="true"]', { timeout: RENDER_TIMEOUT_MS }).catch((e: unknown) => {
      throw new EstatesError('internal', `the Board pack page did not draw: ${failures.join('; ') || String(e)}`, {
        cause: e,
      });
    });
    const footer = `<div style="font-size:8px;width:100%;padding:0 14mm;display:flex;justify-content:space-between;font-family:sans-serif"><span>London Estates Board pack, meeting of ${pack.meetingDate}. Confidential.</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer,
    });
  } finally {
    await browser.close();
  }
}
