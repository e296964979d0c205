/**
 * What every end-to-end file runs in: headless Chromium and the whole local stack with the Agents
 * Playground, started before the tests of the `describe` it is called in. Browser contexts are closed after
 * each test; after the last one everything stops, and the stack's process logs are kept for diagnosis when
 * a test failed (removed otherwise).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { startStack, type RunningStack } from '../../src/local/stack';
import { launchChromiumOrSkip } from '../support/browser';
import { tenantAdmin, type TenantAdmin } from '../support/tenantAdmin';

/** The running stack, its tenant's admin API, and new browser contexts. */
export interface E2eWorld {
  readonly stack: RunningStack;
  readonly admin: TenantAdmin;
  /** A browser context with exactly these options, closed after the test. */
  newContext(options: BrowserContextOptions): Promise<BrowserContext>;
}

/** Starts the world for the `describe` it is called in and hands it to `started`. */
export function useE2eWorld(
  options: { dataDirPrefix: string; playgroundConfig?: string },
  started: (world: E2eWorld) => unknown,
): void {
  let browser: Browser | undefined;
  let stack: RunningStack | undefined;
  let dataDir: string | undefined;
  let failed = false;
  const contexts: BrowserContext[] = [];

  before(async function () {
    this.timeout(150_000);
    browser = await launchChromiumOrSkip(this);
    dataDir = await mkdtemp(path.join(os.tmpdir(), options.dataDirPrefix));
    stack = await startStack({
      playground: true,
      ...(options.playgroundConfig ? { playgroundConfig: options.playgroundConfig } : {}),
      output: 'files',
      dataDir,
    });
    const running = stack;
    const chromium = browser;
    started({
      stack: running,
      admin: tenantAdmin(running.tenantUrl, running.caPath),
      newContext: async (contextOptions) => {
        const context = await chromium.newContext(contextOptions);
        contexts.push(context);
        return context;
      },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') failed = true;
    for (const context of contexts.splice(0)) await context.close();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (dataDir && failed) console.log(`    e2e stack logs kept in ${dataDir}`);
    else if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
}
