import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { closeDatabase, openDatabase, type Db } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import { buildApp, DEFAULT_CLIENT_DIR } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import type { FastifyInstance } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import { LANGUAGE_NAMES, type Language } from '../../shared/languages.ts';
import { TEST_PASSWORD } from '../factories/users.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserHarness {
  baseUrl: string;
  db: Db;
  app: FastifyInstance;
  browser: Browser;
  slug: string;
  newPage: (options?: { locale?: string; offline?: boolean; viewport?: { width: number; height: number }; javaScriptEnabled?: boolean; hasTouch?: boolean }) => Promise<{ page: Page; context: BrowserContext }>;
  close: () => Promise<void>;
}

/**
 * The real server (built client, real SQLite file in a temp folder) on a free loopback port,
 * and Debian's Chromium driven by playwright-core, headless, with a fresh profile and no
 * background networking (the machine has no network but the package registries).
 */
export async function startHarness(): Promise<BrowserHarness> {
  if (!existsSync(join(DEFAULT_CLIENT_DIR, 'index.html'))) throw new Error('Build the client first: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-browser-'));
  const db = openDatabase(join(dir, 'browser.sqlite'));
  seedDefaultProcess(db);
  seedDefaultSurvey(db);
  const config = configSchema.parse({ DATABASE_PATH: join(dir, 'browser.sqlite'), LOG_LEVEL: 'silent', PORT: '0' });
  const { app } = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    app,
    browser,
    slug: DEFAULT_PROCESS_SLUG,
    async newPage(options = {}) {
      const context = await browser.newContext({
        locale: options.locale ?? 'de-DE',
        viewport: options.viewport ?? { width: 412, height: 915 },
        javaScriptEnabled: options.javaScriptEnabled ?? true,
        hasTouch: options.hasTouch ?? false,
        serviceWorkers: 'allow',
      });
      // Each test's pages close when it ends, passed or failed (the browser itself closes with the file): a page
      // left open keeps running (its timers, its service worker, a stall page's sync) and would send requests to
      // the shared server during the tests after it, and share their CPU (in stall-tablet.test.ts Chromium used
      // 169 s of CPU instead of 222 s).
      onTestFinished(() => context.close().catch(() => undefined));
      const page = await context.newPage();
      // Any request that leaves the machine would be a third-party request: fail the test.
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
          throw new Error(`third-party request to ${request.url()}`);
        }
      });
      return { page, context };
    },
    async close() {
      await browser.close();
      await app.close();
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.1 A and AA rules) in the page and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Injected through the DevTools protocol, so the page's strict CSP stays as it is for users.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** A readable failure message listing what axe found. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}

/**
 * The visible headings that go down more than one level from the heading before them („H1 Neues
 * Verfahren → H3 …“): a screen reader's list of headings would miss the level between.
 */
export const skippedHeadingLevels = (page: Page) =>
  page.evaluate(() => {
    const headings = [...document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')].filter((heading) => heading.getClientRects().length > 0);
    const skipped: string[] = [];
    let level = 0;
    for (const heading of headings) {
      const next = Number(heading.tagName[1]);
      if (next > level + 1) skipped.push(`H${level} → H${next} ${heading.textContent!.trim()}`);
      level = next;
    }
    return skipped;
  });

/** Waits until the page has drawn two more frames: what a tap changed (a render after its handler) is on screen by then. */
export const nextFrame = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/** Signs in through the login page (optionally naming the device) and waits for the page `next`. */
export async function signInAs(page: Page, baseUrl: string, username: string, next: string, deviceName?: string) {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(TEST_PASSWORD);
  if (deviceName !== undefined) await page.getByLabel('Name dieses Geräts (optional)').fill(deviceName);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`**${next}`);
}

/**
 * The accessible names of the page's buttons and links as Chromium computes them (what a screen
 * reader says), from the accessibility tree through the DevTools protocol.
 */
export async function controlNames(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as { nodes: Array<{ ignored?: boolean; role?: { value?: unknown }; name?: { value?: unknown } }> };
    return nodes.filter((node) => !node.ignored && ['button', 'link'].includes(String(node.role?.value))).map((node) => String(node.name?.value ?? ''));
  } finally {
    await session.detach();
  }
}

/** Names with a space before a colon, comma, full stop or closing bracket, or a doubled space: words a screen reader reads wrongly. */
export const strayPunctuationSpace = (names: string[]) => names.filter((name) => /\s[:,.)]|\s{2}/.test(name));

/** The header's language switch: the button naming the current language („Sprache · Language: Deutsch“). */
export const languageSwitch = (page: Page) => page.getByRole('button', { name: /^(\S+ · )?Language: / });

/** Chooses a language as a resident does: opens the header's language switch and activates the language's entry, in its own name. */
export async function switchLanguage(page: Page, language: Language) {
  const entry = page.getByRole('list', { name: /Language: / }).getByRole('button', { name: LANGUAGE_NAMES[language], exact: true });
  // Opens the list unless it is open already (a frame drawn anew meanwhile keeps it open: tests/browser/shell.test.ts).
  await expect
    .poll(async () => {
      if (!(await entry.isVisible())) await languageSwitch(page).click();
      return entry.isVisible();
    })
    .toBe(true);
  await entry.click();
}

/**
 * The words inside `root` that break across two lines („Ergebnis|se“): a word cut in its middle is
 * hard to read, in Arabic it even changes its letters' shapes. Hidden text does not count.
 */
export const brokenWords = (root: Locator) =>
  root.evaluate((element) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('[aria-hidden="true"], .visually-hidden')) continue;
      // The line of a letter: its last box for a word's first letter, its first for the last letter (Chromium gives the letter
      // after a soft hyphen's break the hyphen's box too; a soft hyphen ends a word here, as it shows its hyphen).
      const line = (at: number, box: 'first' | 'last') => {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const boxes = [...range.getClientRects()].filter((rect) => rect.width > 0);
        return Math.round((box === 'first' ? boxes[0] : boxes.at(-1))?.top ?? 0);
      };
      for (const match of node.textContent!.matchAll(/[\p{L}\p{N}]+/gu)) {
        if (line(match.index, 'last') !== line(match.index + match[0].length - 1, 'first')) broken.push(match[0]);
      }
    }
    return broken;
  });

/**
 * Text at 200 %, as a resident sets it in the browser's settings (Chrome: "Text scaling"; the
 * default font size 16 → 32 px): the rem sizes of the whole page double, the width stays as it is.
 */
export async function largeText(page: Page) {
  const session = await page.context().newCDPSession(page);
  await session.send('Page.enable');
  await session.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
}

/** The stall tablet's queue as its IndexedDB holds it (`client/stall/store.ts`), read in the page, in queue order. */
export const stallOutbox = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Array<{ item: { id: string } }>>((resolve, reject) => {
        const open = indexedDB.open('mitreden-stall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => resolve(all.result as Array<{ item: { id: string } }>);
          all.onerror = () => reject(all.error);
        };
      }),
  );
