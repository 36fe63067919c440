import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** A built client as `vite build` leaves it: an HTML shell and a hashed script, each with its .br and .gz copy. */
const SHELL = `<!doctype html><html lang="de"><head><title>Mitreden</title></head><body><div id="app"></div>${'<!-- padding -->'.repeat(40)}</body></html>`;
const SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => `Wort ${i}`))};\n`;
const SCRIPT_URL = '/assets/main-AbC123.js';

function writeWithCopies(path: string, text: string): void {
  writeFileSync(path, text);
  writeFileSync(path + '.br', brotliCompressSync(text));
  writeFileSync(path + '.gz', gzipSync(text));
}

describe('static client files', () => {
  let t: TestApp;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'mitreden-client-'));
    mkdirSync(join(clientDir, 'assets'));
    writeWithCopies(join(clientDir, 'index.html'), SHELL);
    writeWithCopies(join(clientDir, 'assets', 'main-AbC123.js'), SCRIPT);
    writeFileSync(join(clientDir, 'assets', 'photo-XyZ789.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    t = await buildTestApp({}, { clientDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    t.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('sends a script as Brotli to a browser that accepts it, varying on Accept-Encoding, cached for a year', async () => {
    const response = await get(SCRIPT_URL, 'gzip, deflate, br, zstd');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['vary']).toBe('accept-encoding');
    expect(response.headers['content-type']).toMatch(/^(?:application|text)\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a client that accepts only gzip, and the file itself to one that accepts neither', async () => {
    const gzipped = await get(SCRIPT_URL, 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(SCRIPT);

    for (const plain of [await get(SCRIPT_URL), await get(SCRIPT_URL, 'identity')]) {
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['vary']).toBe('accept-encoding');
      expect(plain.body).toBe(SCRIPT);
    }
  });

  it('sends the app shell for a client-side route compressed and revalidated on every load', async () => {
    const response = await get('/p/integrationskonzept/umfrage', 'br');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SHELL);
  });

  it('answers a file that is not there with a 404, not with the app shell (a script of the build before a deploy)', async () => {
    for (const url of ['/assets/SurveyPages-OldHash1.js', '/assets/index-OldHash2.css', '/sw-old.js', '/favicon-2.png']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/json/);
      expect(response.json<{ error: { code: string } }>().error.code, url).toBe('not_found');
    }
    // A page's address is still the app shell.
    expect((await get('/p/integrationskonzept/beitrag/8F6X-X86N-P9VT')).headers['content-type']).toMatch(/^text\/html/);
  });

  it('sends a file without copies as it is', async () => {
    const response = await get('/assets/photo-XyZ789.png', 'br, gzip');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['vary']).toBeUndefined();
    expect(response.rawPayload).toHaveLength(4);
  });

  it('still answers 404 in the error shape for an unknown API path', async () => {
    const response = await get('/api/gibt-es-nicht', 'br');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});

describe('the page for a survey link', () => {
  let t: TestApp;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = mkdtempSync(join(tmpdir(), 'mitreden-client-'));
    mkdirSync(join(clientDir, 'assets'));
    mkdirSync(join(clientDir, '.vite'));
    writeWithCopies(join(clientDir, 'index.html'), SHELL);
    // The chunk graph as the build's manifest names it: the entry holds the start screen, the question pages are a file of their own.
    const manifest = {
      'index.html': { file: 'assets/index-1.js', isEntry: true, dynamicImports: ['survey/SurveyPages.tsx', 'App.tsx'], css: ['assets/index-1.css'] },
      'survey/SurveyPages.tsx': { file: 'assets/SurveyPages-2.js', imports: ['index.html', '_shared-3.js'] },
      '_shared-3.js': { file: 'assets/shared-3.js' },
      // A language's words: a JSON file the survey fetches, not a chunk.
      '../shared/i18n/survey/tr.json': { file: 'assets/tr-4.json', src: '../shared/i18n/survey/tr.json' },
      'App.tsx': { file: 'assets/App-5.js', imports: ['index.html'] },
    };
    writeFileSync(join(clientDir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    t = await buildTestApp({}, { clientDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  const hints = (html: string) => [...html.matchAll(/<link rel="(preload|modulepreload)"[^>]*href="([^"]+)"/g)].map((match) => `${match[1]} ${match[2]}`);

  it('names everything the first survey page needs, so a phone asks for it all at once: the JSON in its language and the question pages', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/p/${t.slug}/umfrage`, headers: { 'accept-language': 'tr-TR,tr;q=0.9,de;q=0.5' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(hints(response.body)).toEqual([
      `preload /api/processes/${t.slug}/survey?lang=tr`,
      'modulepreload /assets/shared-3.js',
      'modulepreload /assets/SurveyPages-2.js',
      'preload /assets/tr-4.json',
    ]);
    // Fetched by the survey with the same mode and credentials as the hint, so the phone uses the preloaded copy.
    expect(response.body).toContain('<link rel="preload" as="fetch" crossorigin href="/assets/tr-4.json" />');
    expect(response.body).toContain('<div id="app"></div>');
  });

  it('follows ?lang= over the browser, speaks German without a hint, and gives an impossible slug the plain shell', async () => {
    const chosen = await t.app.inject({ method: 'GET', url: `/p/${t.slug}/umfrage?lang=ar`, headers: { 'accept-language': 'tr' } });
    expect(hints(chosen.body)[0]).toBe(`preload /api/processes/${t.slug}/survey?lang=ar`);
    const plain = await t.app.inject({ method: 'GET', url: `/p/${t.slug}/umfrage?lang=xx` });
    expect(hints(plain.body)[0]).toBe(`preload /api/processes/${t.slug}/survey?lang=de`);
    expect(hints(plain.body)).not.toContain('preload /assets/tr-4.json');
    const odd = await t.app.inject({ method: 'GET', url: '/p/Not%20a%20slug/umfrage' });
    expect(odd.statusCode).toBe(200);
    expect(hints(odd.body)).toEqual([]);
  });
});
