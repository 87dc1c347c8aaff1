// browser.mjs — Debian's chromium, headless, driven by playwright-core (no
// browser is downloaded), where the tests save their screenshots, and a poll
// for what a page shows.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const WAIT_MS = 5000;

/**
 * @param {string[]} [extraArgs] more chromium flags (e.g. fake media devices)
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      ...extraArgs],
  });
}

/** build/test-artifacts/NAME.png (ARTIFACTS_DIR is set by ctest). */
export async function screenshot(page, name) {
  const dir = process.env.ARTIFACTS_DIR || 'build/test-artifacts';
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Fails the test on any page error or console error: a page that throws is
 * broken even if the asserted element happens to look right.
 */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return errors;
}

/**
 * Fills the toolbar's sign-in form on root (a page or a frame) and submits
 * it; the caller waits for the state it expects.
 * @param {{AgentID: string, PassWord: string, DN: string, ServiceList: string}} who
 */
export async function toolbarSignIn(root, who) {
  for (const [name, value] of Object.entries(who)) {
    await root.locator(`input[name=${name}]`).fill(value);
  }
  await root.locator('#signin-submit').click();
}

/**
 * Polls fn (async, truthy = done) every 50 ms until WAIT_MS: what a page
 * shows may change after the event that caused it. The last value, or
 * an error naming what and that value.
 */
export async function until(what, fn) {
  const end = Date.now() + WAIT_MS;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
