/**
 * Headless Chromium for the end-to-end tests: Debian's `chromium` package driven by playwright-core (no
 * browser download). A missing browser fails the suite under CI=true (CI installs it) and otherwise skips
 * it with a loud warning, so a developer machine without Chromium never reports a silent green.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Flags for a quiet, offline, sandbox-less headless browser (containers have no user namespaces). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the screenshots of the browser tests go (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** True when the run must not skip browser tests (CI installs Chromium). */
function mustRun(): boolean {
  return process.env.CI === 'true';
}

/**
 * Launches headless Chromium for a mocha suite. When the binary is missing: throws under CI=true,
 * otherwise prints a loud warning and marks the suite pending with `this.skip()` (the one allowed skip).
 */
export async function launchChromiumOrSkip(context: Mocha.Context): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    const message = `Chromium not found at ${executablePath}: the browser tests did NOT run. Install it: apt-get install -y chromium (or set CHROMIUM_PATH)`;
    if (mustRun()) throw new Error(`${message}. CI=true requires them.`);
    const bar = '!'.repeat(100);
    console.warn(`\n${bar}\n!!! ${message}\n${bar}\n`);
    context.skip();
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot as `test-results/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Saves a screenshot of one element plus a margin (e.g. a card for the README) to `file`. */
export async function screenshotElement(locator: Locator, file: string, margin = 16): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`cannot screenshot ${file}: the element is not visible`);
  await mkdir(path.dirname(file), { recursive: true });
  const page = locator.page();
  const viewport = page.viewportSize() ?? {
    width: box.x + box.width + margin,
    height: box.y + box.height + margin,
  };
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  await page.screenshot({
    path: file,
    clip: {
      x,
      y,
      width: Math.min(viewport.width - x, box.width + 2 * margin),
      height: Math.min(viewport.height - y, box.height + 2 * margin),
    },
  });
}
