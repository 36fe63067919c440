/**
 * The survey on a slow link: "on a slow link (2 s round trip, 400 kbit/s) the first survey page
 * is usable in at most 5 s". `npm run bench -- slowlink`.
 *
 * The real server and Debian's Chromium as the browser tests start them (tests/browser/harness.ts),
 * the link emulated through the DevTools protocol (`Network.emulateNetworkConditions`: 2,000 ms
 * added to every request's round trip, 50,000 bytes/s down and up), a fresh context per load
 * (no cache). "Usable" is measured the way an impatient resident would: a script in the page
 * presses "Umfrage starten" the moment it is in the DOM, and the clock stops when the first
 * question page is on screen (its progress line), both on the page's own clock from navigation
 * start. So the time covers the start screen and the question pages' code, not just a paint.
 *
 * Beside it, from the same run: the target and the floor that a page needing two round trips
 * (the HTML, then everything else at once) and the bytes it loaded cannot beat.
 */
import type { Page } from 'playwright-core';
import { startHarness, type BrowserHarness } from '../../tests/browser/harness.ts';
import { fmt, kB } from './_util.ts';
import { ensureClient } from './survey.ts';

const TARGET_MS = 5_000;
const ROUND_TRIP_MS = 2_000;
/** 400 kbit/s in bytes per second. */
const THROUGHPUT = 400_000 / 8;
const START_BUTTON = 'Umfrage starten';
const RUNS = 3;

interface Marks {
  startAt?: number;
  usableAt?: number;
}

interface Load {
  usableMs: number;
  startMs: number;
  bytes: number;
  requests: number;
}

async function loadOnce(h: BrowserHarness, path: string): Promise<Load> {
  const { page, context } = await h.newPage({ viewport: { width: 390, height: 844 } });
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: ROUND_TRIP_MS, downloadThroughput: THROUGHPUT, uploadThroughput: THROUGHPUT });
    let bytes = 0;
    let requests = 0;
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (event: { requestId: string; request: { url: string } }) => urls.set(event.requestId, event.request.url));
    cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
      requests += 1;
      if (process.env.SLOWLINK_VERBOSE) console.log(`    ${kB(event.encodedDataLength).padStart(9)}  ${urls.get(event.requestId) ?? event.requestId}`);
    });
    await pressStartWhenThere(page);
    await page.goto(h.baseUrl + path, { waitUntil: 'commit' });
    await page.getByText(/^Seite 1 von/).waitFor({ timeout: 60_000 });
    const marks = await page.evaluate(() => {
      const { startAt, usableAt } = window as unknown as Marks;
      return { startAt, usableAt };
    });
    return { usableMs: marks.usableAt ?? NaN, startMs: marks.startAt ?? NaN, bytes, requests };
  } finally {
    await context.close();
  }
}

/** In the page: press the start button as soon as it exists; note when it appeared and when the first question page did. */
async function pressStartWhenThere(page: Page): Promise<void> {
  await page.addInitScript((label: string) => {
    const marks = window as unknown as Marks;
    const observer = new MutationObserver(() => {
      if (marks.startAt === undefined) {
        const button = [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes(label));
        if (button) {
          marks.startAt = performance.now();
          button.click();
        }
      }
      if (marks.startAt !== undefined && document.getElementById('survey-progress-label')) {
        marks.usableAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }, START_BUTTON);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<void> {
  ensureClient();
  const h = await startHarness();
  try {
    const path = `/p/${h.slug}/umfrage`;
    const hinted: Load[] = [];
    for (let i = 0; i < RUNS; i += 1) hinted.push(await loadOnce(h, path));
    const usable = median(hinted.map((load) => load.usableMs));
    const bytes = median(hinted.map((load) => load.bytes));
    const floor = 2 * ROUND_TRIP_MS + (bytes / THROUGHPUT) * 1000;
    console.log(`${path} in Chromium, 390×844, de-DE, Network.emulateNetworkConditions: ${ROUND_TRIP_MS} ms round trip, ${THROUGHPUT * 8 / 1000} kbit/s; fresh context, median of ${RUNS}`);
    console.log(`  loaded until usable: ${median(hinted.map((load) => load.requests))} requests, ${kB(bytes)} over the wire`);
    console.log(`  start button in the DOM: ${fmt(median(hinted.map((load) => load.startMs)) / 1000, 2)} s`);
    console.log(`first survey page usable (start pressed the moment it appeared, first question page on screen): ${fmt(usable / 1000, 2)} s; target ${fmt(TARGET_MS / 1000, 1)} s; ratio ${fmt(usable / TARGET_MS, 2)} (${usable <= TARGET_MS ? 'within' : 'OVER'})`);
    console.log(`  floor for two round trips plus these bytes at this rate: ${fmt(floor / 1000, 2)} s; ratio ${fmt(usable / floor, 2)}`);
  } finally {
    await h.close();
  }
}
