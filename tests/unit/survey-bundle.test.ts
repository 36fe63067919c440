import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a resident's phone may load for the survey carries no zod (26 kB gzipped: on a 400 kbit/s
 * link with a 2 s round trip it took the first survey page from 4.9 s to 6.5 s, issue #9 item 15).
 * The survey runs on shared modules that the server and the admin area also use; their zod schemas
 * live in `*.schema.ts` files beside them. Once one of those modules imports zod again, the bundler
 * keeps zod in the survey's chunk as soon as any admin chunk imports a schema from it, and nothing
 * else notices. So this builds the client with the real vite.config.ts (in memory) and follows the
 * chunk graph the way a phone does.
 */

type Chunk = Rolldown.OutputChunk;

const ROOT = resolve(import.meta.dirname, '..', '..');
const isZod = (moduleId: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(moduleId);
/** The router with every other area: the entry imports it only off the survey link (client/main.tsx). */
const isOtherAreas = (chunk: Chunk) => chunk.facadeModuleId === join(ROOT, 'client', 'App.tsx');

let chunks: Map<string, Chunk>;
let assets: Rolldown.OutputAsset[];
let outDir: string;

/** The chunks reachable from the given ones through static and dynamic imports, except into the other areas. */
function reachable(from: Chunk[], skip: (chunk: Chunk) => boolean = () => false): Chunk[] {
  const seen = new Map<string, Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk.fileName) || skip(chunk)) return;
    seen.set(chunk.fileName, chunk);
    for (const file of [...chunk.imports, ...chunk.dynamicImports]) visit(chunks.get(file)!);
  };
  from.forEach(visit);
  return [...seen.values()];
}

const shortId = (moduleId: string) => moduleId.replace(`${ROOT}/`, '').replace(/^.*node_modules\//, 'node_modules/');

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'mitreden-bundle-'));
  // write: false keeps the chunks in memory; the build's plugins still write the service worker to outDir.
  const result = (await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { outDir, write: false, emptyOutDir: false } })) as Rolldown.RolldownOutput;
  chunks = new Map(result.output.filter((item): item is Chunk => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  assets = result.output.filter((item): item is Rolldown.OutputAsset => item.type === 'asset');
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the JavaScript a resident’s survey loads', () => {
  it('holds no zod in any chunk the survey link can load: the start screen, the question pages, sending', () => {
    const entry = [...chunks.values()].find((chunk) => chunk.isEntry)!;
    const survey = reachable([entry], isOtherAreas);
    // The walk reaches what the survey needs, so an empty or wrong graph cannot pass for a clean one.
    const modules = survey.flatMap((chunk) => chunk.moduleIds.map(shortId));
    expect(modules).toEqual(expect.arrayContaining(['client/survey/SurveyArea.tsx', 'client/survey/SurveyPages.tsx', 'client/survey/send.ts', 'shared/survey/answers.ts']));

    const withZod = survey
      .map((chunk) => ({
        chunk: chunk.fileName,
        importedBy: survey.filter((other) => other.imports.includes(chunk.fileName)).map((other) => other.fileName),
        zodModules: chunk.moduleIds.filter(isZod).length,
        schemaModules: chunk.moduleIds.filter((id) => id.endsWith('.schema.ts')).map(shortId),
      }))
      .filter((found) => found.zodModules > 0 || found.schemaModules.length > 0);
    // A failure names the chunk with zod and the survey chunk that imports it: a module of that
    // chunk (see vite.config.ts, `survey-pages`) imports zod; move its schemas to a *.schema.ts file.
    expect(withZod).toEqual([]);
  });

  it('fetches every other language as a JSON file of its own, never as a chunk of JavaScript', () => {
    const entry = [...chunks.values()].find((chunk) => chunk.isEntry)!;
    const survey = reachable([entry], isOtherAreas);
    // A language is words only: no chunk of the survey holds a catalog besides German's …
    expect(survey.flatMap((chunk) => chunk.moduleIds.map(shortId)).filter((id) => /^shared\/i18n\/survey\/(?!de\.json)[^?]*$/.test(id))).toEqual([]);
    // … and the survey's code names the file of each of the other eight, which holds that language's words.
    const code = survey.map((chunk) => chunk.code).join('\n');
    for (const language of ['de-easy', 'en', 'tr', 'ar', 'uk', 'ru', 'pl', 'it']) {
      const named = assets.filter((asset) => asset.fileName.startsWith(`assets/${language}-`) && asset.fileName.endsWith('.json') && code.includes(asset.fileName));
      const words = named.map((asset) => JSON.parse(String(asset.source)) as Record<string, string>).find((catalog) => typeof catalog.start === 'string');
      expect(words?.start, language).toBeTruthy();
    }
  });

  it('is told apart from the admin area, which does load zod (the check above can see it)', () => {
    const app = [...chunks.values()].find(isOtherAreas)!;
    expect(reachable([app]).some((chunk) => chunk.moduleIds.some(isZod))).toBe(true);
  });
});

describe('the chunk graph', () => {
  it('has no cycle of static imports, so no schema chunk runs before the constants it is built from', () => {
    // The *.schema.ts modules import constants from the survey's chunk; had that chunk imported a
    // schema back, whichever ran first would build `z.enum(undefined)` (it broke the admin area once).
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (chunk: Chunk, path: string[]) => {
      state.set(chunk.fileName, 'open');
      for (const file of chunk.imports) {
        if (state.get(file) === 'open') cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        else if (!state.has(file)) visit(chunks.get(file)!, [...path, file]);
      }
      state.set(chunk.fileName, 'done');
    };
    for (const chunk of chunks.values()) if (!state.has(chunk.fileName)) visit(chunk, [chunk.fileName]);
    expect(cycles).toEqual([]);
  });
});
