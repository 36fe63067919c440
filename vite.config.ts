import { readdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/**
 * The stall area (/stand) is an installable app that works offline; nothing else is. The
 * plugin would link the manifest from every page, so this takes the link out of the shared
 * index.html again and the stall area adds it when it opens (client/stall/pwa.ts): a
 * resident's phone never fetches the manifest, its icons or the service worker.
 */
function manifestOnlyForStall(): Plugin {
  return {
    name: 'mitreden:manifest-only-for-stall',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml: { order: 'post', handler: (html) => html.replace(/<link rel="manifest"[^>]*>/, '') },
  };
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the build, for
 * server/plugins/static.ts to serve with `preCompressed` (same list of extensions there):
 * a phone gets the survey's scripts compressed without the server compressing per request.
 * Runs after the service worker is generated, so the worker's precache list names only the
 * originals (the browser decodes what it fetches). A copy that is not smaller is not written.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'mitreden:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = (await readdir(outDir, { recursive: true })).filter(
          (file) => /\.(?:js|css|html|svg|json|webmanifest)$/.test(file) && !file.startsWith('.vite'),
        );
        await Promise.all(
          files.map(async (file) => {
            const path = join(outDir, file);
            const original = await readFile(path);
            const copies = [
              ['.br', await brotli(original, { params: { [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: original.length } })],
              ['.gz', await gzipped(original, { level: zlib.Z_BEST_COMPRESSION })],
            ] as const;
            for (const [suffix, copy] of copies) if (copy.length < original.length) await writeFile(path + suffix, copy);
          }),
        );
      },
    },
  };
}

const stallPwa = VitePWA({
  strategies: 'generateSW',
  registerType: 'autoUpdate',
  // Registered from client/stall/pwa.ts, never by an inline script (the CSP allows none) and never on the survey.
  injectRegister: false,
  // The worker covers the site (see client/stall/pwa.ts); the installed app is the stall area.
  scope: '/',
  includeAssets: ['icon.svg'],
  manifest: {
    name: 'Mitreden Marktstand',
    short_name: 'Marktstand',
    description: 'Stimmen am Marktstand erfassen – auch ohne Netz.',
    lang: 'de',
    start_url: '/stand',
    scope: '/stand',
    display: 'standalone',
    orientation: 'any',
    theme_color: '#0b5394',
    background_color: '#ffffff',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      { src: '/icons/stand-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/stand-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/stand-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The whole app shell, every lazy chunk and every language's words (client/i18n/translate.ts
    // fetches them as files), so any page of the stall opens offline, in English too.
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}', 'assets/{de-easy,en,tr,ar,uk,ru,pl,it}-*.json'],
    navigateFallback: '/index.html',
    navigateFallbackAllowlist: [/^\/stand(?:\/|$)/],
    navigateFallbackDenylist: [/^\/api\//],
    // No runtime caching: the API is never answered from a cache; the tablet's own data lives in IndexedDB.
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
  },
});

/**
 * The unit and API test files share their modules within a worker instead of loading the server
 * anew for each of the 101 files (70 s of imports of 481 s), and two workers run even on two cores
 * (vitest's default is one fewer than the cores). Every API test builds its own app on its own
 * SQLite file, and the server's caches are kept per connection, so nothing carries over between
 * files: the suite passed so in the files' shuffled order too (`--sequence.shuffle.files`).
 * Measured on the 2-core machine on 2026-12-05: 424 s with one worker, 388 s with two (shuffled),
 * 351 s in a clean-clone CI, against 441–481 s with a fresh module graph per file.
 */
const SHARED_MODULES = { isolate: false, maxWorkers: Math.max(2, availableParallelism() - 1) };

export default defineConfig({
  root: 'client',
  publicDir: 'public',
  plugins: [preact(), stallPwa, manifestOnlyForStall(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The CSP allows no inline script: keep Vite from injecting its preload polyfill inline.
    modulePreload: { polyfill: false },
    target: 'es2020',
    reportCompressedSize: false,
    // dist/client/.vite/manifest.json: the chunk graph the weight benchmark (scripts/bench/survey.ts) follows.
    manifest: true,
    rolldownOptions: {
      output: {
        // zod in a chunk of its own: otherwise the bundler may merge it into a small module that
        // every page shares (shared/languages.ts), and the start page and survey would carry it too.
        //
        // The survey's question pages in one file rather than four, so that a phone on a slow link
        // fetches all the survey needs in one round trip after the HTML: browsers open six
        // connections to a host over HTTP/1.1, and every further file would wait for a free one (see
        // server/plugins/survey-shell.ts and `npm run bench -- slowlink`). For the same reason the
        // survey's start screen and styles are part of the entry (client/main.tsx), and the text
        // normaliser the answers' rules use is in here rather than a 0.3 kB file of its own (the
        // stall and admin areas, which share it, load this chunk anyway).
        //
        // None of the modules in it imports zod: their schemas are in `*.schema.ts` files beside
        // them (shared/domain.schema.ts, shared/survey/definition.schema.ts, answers.schema.ts),
        // which the pattern leaves out and which only the server, the admin and staff areas and
        // tests import. Those schema modules import this chunk's constants, never the other way
        // round, so no chunk cycle can build a schema from a constant not yet defined. A schema
        // module matched here would put zod (26 kB gzipped) back on a resident's slow link:
        // tests/unit/survey-bundle.test.ts builds the client and fails if it does.
        codeSplitting: {
          groups: [
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            {
              name: 'survey-pages',
              test: /client[\\/]survey[\\/](SurveyPages|Questions)|shared[\\/](survey[\\/](answers|definition|fill-time)|domain|text[\\/]normalize)\.ts/,
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    projects: [
      { test: { name: 'unit', root: '.', include: ['tests/unit/**/*.test.ts'], environment: 'node', ...SHARED_MODULES } },
      {

        test: { name: 'api', root: '.', include: ['tests/api/**/*.test.ts'], environment: 'node', testTimeout: 30_000, ...SHARED_MODULES },
      },
      {

        test: {
          name: 'browser',
          root: '.',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // What a page does after a click (a request, a render) can take seconds on a busy 2-core CI machine:
          // expect.poll waits up to 5 s, as Playwright's own assertions do, instead of vitest's 1 s.
          expect: { poll: { timeout: 5_000 } },
          // One file keeps about one core busy (Chromium and the server in the test's process wait on each other): two at once
          // took 899–909 s on the 2-core machine against 1,252–1,286 s one at a time; sharing the server's modules within a
          // worker, as the unit and API files do (each file still starts its own server on its own file), 787 s (README.md, tests).
          maxWorkers: 2,
          isolate: false,
        },
      },
    ],
  },
});
