import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildMarketDayItem } from '../factories/stall.ts';
import { buildSubmission, solvePow } from '../factories/survey.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * The survey on paper, through the real routes: the printable questionnaire in every language
 * (rendered with pdftoppm, its QR codes read back with a QR decoder), the QR posters, and the
 * responses counted per poster under the suppression rule.
 */

const BASE = 'https://mitreden.example.de';

/**
 * Renders every page of a PDF to PNG with pdftoppm (poppler) and reads each page's QR code with
 * jsQR, from the page's lower `band` (a questionnaire's footer) or the whole page.
 */
function readCodes(pdf: Buffer, dpi = 120, band = 1): Array<{ page: number; text: string | null; x: number; width: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-paper-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), join(dir, 'doc.pdf'), join(dir, 'page')]);
    return readdirSync(dir)
      .filter((name) => name.endsWith('.png'))
      .sort()
      .map((name, index) => {
        const png = PNG.sync.read(readFileSync(join(dir, name)));
        const top = Math.floor(png.height * (1 - band));
        const pixels = png.data.subarray(top * png.width * 4);
        const code = jsQR(new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength), png.width, png.height - top);
        return { page: index + 1, text: code?.data ?? null, x: code ? (code.location.topLeftCorner.x + code.location.topRightCorner.x) / 2 : -1, width: png.width };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each piece of the PDF's text with the font size, in points, it is set in. */
async function sizedText(pdf: Buffer): Promise<Array<{ text: string; size: number }>> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const pieces: Array<{ text: string; size: number }> = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const { items } = await (await document.getPage(number)).getTextContent();
    for (const item of items) {
      if ('str' in item && item.str.trim() !== '') pieces.push({ text: item.str.trim(), size: Math.round(Math.hypot(item.transform[2]!, item.transform[3]!) * 10) / 10 });
    }
  }
  return pieces;
}

/** The font size that most characters of the PDF's text are set in (the body text). */
async function bodyTextSize(pdf: Buffer): Promise<number> {
  const characters = new Map<number, number>();
  for (const { text, size } of await sizedText(pdf)) characters.set(size, (characters.get(size) ?? 0) + text.length);
  return [...characters].sort((a, b) => b[1] - a[1])[0]![0];
}

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return { pages: totalPages, text };
}

describe('the printable questionnaire', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ PUBLIC_URL: BASE });
  });
  afterAll(async () => t.close());

  const print = (query: string, slug = t.slug) => t.app.inject({ url: `/api/processes/${slug}/survey/print?${query}` });

  it.each(LANGUAGES)('is a PDF in %s with the version and page numbers on every page', async (language: Language) => {
    const response = await print(`lang=${language}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`fragebogen-${t.slug}-v1-${language}.pdf`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages } = await pdfText(response.rawPayload);
    expect(pages).toBeGreaterThan(2);
    const catalog = JSON.parse(readFileSync(new URL(`../../shared/i18n/paper/${language}.json`, import.meta.url), 'utf8')) as { questionnaire: { footer: string } };
    const { text } = await pdfText(response.rawPayload);
    if (language !== 'ar') {
      // The footer as the catalog words it, with the last page's numbers (Arabic is stored in visual order, so it is read as pictures below).
      expect(text).toContain(catalog.questionnaire.footer.replace('{version}', '1').replace('{page}', String(pages)).replace('{pages}', String(pages)));
    }
  });

  it('says the skip logic in words, in the questionnaire language', async () => {
    const { text } = await pdfText((await print('lang=de')).rawPayload);
    // Question 7 asks about children at school; question 8 only follows a "Ja".
    expect(text).toContain('Wenn Nein: weiter mit Frage 9');
    expect(text).toContain('Nur beantworten, wenn Sie bei Frage 7 „Ja“ angekreuzt haben.');
    const english = (await pdfText((await print('lang=en')).rawPayload)).text;
    expect(english).toContain('If No: go on to question 9');
  });

  it('sets Leichte Sprache at 14 pt and up, as its rules ask, where the other languages have 11 pt', async () => {
    expect(await bodyTextSize((await print('lang=de')).rawPayload)).toBe(11);
    expect(await bodyTextSize((await print('lang=de-easy')).rawPayload)).toBeGreaterThanOrEqual(14);
    expect(await bodyTextSize((await print('lang=de-easy&large=1')).rawPayload)).toBeGreaterThanOrEqual(16);
    // The hints a resident reads (how many to tick, how much to write) too; only the staff's footer is smaller.
    const hint = (await sizedText((await print('lang=de-easy')).rawPayload)).find((piece) => piece.text === 'Sie können mehrere Antworten wählen.');
    expect(hint?.size).toBeGreaterThanOrEqual(14);
  });

  it('prints larger on more pages in large print', async () => {
    const normal = await print('lang=de');
    const large = await print('lang=de&large=1');
    expect(large.statusCode).toBe(200);
    expect(large.headers['content-disposition']).toContain('-grossdruck.pdf');
    expect((await pdfText(large.rawPayload)).pages).toBeGreaterThan((await pdfText(normal.rawPayload)).pages * 1.4);
  });

  it('carries on every page a QR code that opens paper entry on the stall tablet for this version and language, at the end of the line', async () => {
    for (const language of ['de', 'ar'] as const) {
      const codes = readCodes((await print(`lang=${language}`)).rawPayload, 120, 0.2);
      expect(codes.length).toBeGreaterThan(2);
      for (const code of codes) {
        expect(code.text, `page ${code.page} (${language})`).toBe(`${BASE}/stand/papier/${t.slug}/1?sprache=${language}`);
        // Mirrored for Arabic: the code stands at the left, where a right-to-left line ends.
        if (language === 'ar') expect(code.x).toBeLessThan(code.width / 2);
        else expect(code.x).toBeGreaterThan(code.width / 2);
      }
    }
  }, 120_000);

  it('renders the Arabic questionnaire right to left: its lines end at the right margin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-paper-'));
    try {
      const edges: Record<string, { left: number; right: number }> = {};
      for (const language of ['de', 'ar']) {
        writeFileSync(join(dir, `${language}.pdf`), (await print(`lang=${language}`)).rawPayload);
        execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', join(dir, `${language}.pdf`), join(dir, language)]);
        const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((name) => name.startsWith(`${language}-`) && name.endsWith('.png'))!)));
        // Where the ink of the first lines (title and instructions, above any box) starts and ends, across its rows.
        let left = png.width;
        let right = 0;
        for (let y = 40; y < 200; y += 1) {
          for (let x = 0; x < png.width; x += 1) {
            if (png.data[(y * png.width + x) * 4]! < 128) {
              left = Math.min(left, x);
              right = Math.max(right, x);
            }
          }
        }
        edges[language] = { left, right };
      }
      // German starts every line at the left margin (48 pt) and Arabic ends every line at the right one (595 − 48).
      expect(edges.de!.left).toBeLessThan(52);
      expect(edges.ar!.right).toBeGreaterThan(595 - 52);
      // The Arabic title line is short: its ink starts far from the left margin on at least the title's rows.
      const title = (language: string) => {
        const png = PNG.sync.read(readFileSync(join(dir, readdirSync(dir).find((name) => name.startsWith(`${language}-`) && name.endsWith('.png'))!)));
        const xs: number[] = [];
        for (let y = 70; y < 100; y += 1) for (let x = 0; x < png.width; x += 1) if (png.data[(y * png.width + x) * 4]! < 128) xs.push(x);
        return { min: Math.min(...xs), max: Math.max(...xs) };
      };
      expect(title('ar').min).toBeGreaterThan(300);
      expect(title('de').max).toBeLessThan(300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the Stadtteile to tick in the order of the alphabet, read down the columns, with „außerhalb“ and „weiß nicht“ after them', async () => {
    const names = (t.db.$client.prepare('select s.name from stadtteile s join processes p on p.id = s.process_id where p.slug = ?').all(t.slug) as Array<{ name: string }>).map((row) => row.name);
    const alphabetical = [...names].sort(new Intl.Collator('de').compare);
    const questionnaire = await getDocumentProxy(new Uint8Array((await print('lang=de')).rawPayload));
    for (let number = 1; number <= questionnaire.numPages; number += 1) {
      const items = (await (await questionnaire.getPage(number)).getTextContent()).items.flatMap((item) => ('str' in item ? [{ text: item.str.trim(), x: item.transform[4] as number, y: item.transform[5] as number }] : []));
      const ticks = items.filter((item) => names.includes(item.text));
      if (ticks.length === 0) continue;
      // Left column first, each from the top down (a PDF's y grows upwards).
      const read = [...ticks].sort((a, b) => Math.round(a.x) - Math.round(b.x) || b.y - a.y).map((item) => item.text);
      expect(read).toEqual(alphabetical);
      const lowest = Math.min(...ticks.map((item) => item.y));
      for (const sentinel of ['Ich wohne außerhalb', 'Weiß ich nicht / keine']) {
        const item = items.find((each) => each.text.startsWith(sentinel));
        expect(item!.y, sentinel).toBeLessThan(lowest);
      }
      return;
    }
    throw new Error('no page lists the Stadtteile');
  });

  it('refuses an unknown language with 400 and names the problem', async () => {
    const response = await print('lang=xx');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect((await print('')).statusCode).toBe(400);
  });

  it('answers 404 for a draft process, a process that does not exist and a version never published', async () => {
    const draft = buildProcess(t.db);
    t.db.$client.prepare("update processes set status = 'draft' where slug = ?").run(draft);
    // A draft is as unknown as a process that does not exist, in the same words as the process's own page says it.
    const processNotFound = (slug: string) => ({ error: { code: 'not_found', message: `Process ${slug} not found` } });
    expect((await t.app.inject({ url: `/api/processes/${draft}` })).json()).toEqual(processNotFound(draft));
    const ofDraft = await print('lang=de', draft);
    expect(ofDraft.statusCode).toBe(404);
    expect(ofDraft.json()).toEqual(processNotFound(draft));
    const unknown = await print('lang=de', 'gibt-es-nicht');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(processNotFound('gibt-es-nicht'));
    const never = await print('lang=de&version=7');
    expect(never.statusCode).toBe(404);
    expect(never.json()).toEqual({ error: { code: 'survey_not_published', message: `Version 7 of the survey of process ${t.slug} is not published` } });
  });

  it('says with its own code that a public process has no published survey yet, for the questionnaire and the survey alike', async () => {
    const unpublished = buildProcess(t.db);
    t.db.$client.prepare('update surveys set published_at = null where process_id = (select id from processes where slug = ?)').run(unpublished);
    const expected = { error: { code: 'survey_not_published', message: `Process ${unpublished} has no published survey yet` } };
    const response = await print('lang=de', unpublished);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual(expected);
    const survey = await t.app.inject({ url: `/api/processes/${unpublished}/survey` });
    expect(survey.statusCode).toBe(404);
    expect(survey.json()).toEqual(expected);
  });
});

describe('QR posters', () => {
  let t: TestApp;
  let staff: Agent;
  let reader: Agent;
  beforeAll(async () => {
    // A cheap proof of work: the responses here must pass the checks to be counted.
    t = await buildTestApp({ PUBLIC_URL: BASE, RESPONSES_PER_MINUTE: '100000' }, { surveyGuard: { powCost: 1, powCounterMin: 1, powCounterMax: 20 } });
    await buildUser(t.db, { role: 'staff', username: 'markt' });
    await buildUser(t.db, { role: 'admin', username: 'chefin' });
    staff = await signIn(t.app, 'markt', TEST_PASSWORD);
    reader = await signIn(t.app, 'chefin', TEST_PASSWORD);
  });
  afterAll(async () => t.close());

  const createPoster = (body: Record<string, unknown>) => staff.inject({ method: 'POST', url: `/api/processes/${t.slug}/posters`, payload: body });
  const respond = async (poster?: string) => {
    const challenge = (await t.app.inject({ url: `/api/processes/${t.slug}/challenge` })).json();
    const body = buildSubmission({ altcha: await solvePow(challenge), ...(poster ? { poster } : {}) });
    const response = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: body });
    expect(response.statusCode).toBe(201);
  };

  it('makes a poster for a market day that the tablet synced and one for a Stadtteil, each a PDF whose code opens the survey with its id', async () => {
    const marketDay = buildMarketDayItem();
    expect((await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [marketDay] } })).statusCode).toBe(200);
    const fromMarketDay = await createPoster({ marketDayId: marketDay.id, languages: ['tr', 'de'] });
    expect(fromMarketDay.statusCode).toBe(201);
    const poster = fromMarketDay.json();
    expect(poster).toMatchObject({ place: 'Wochenmarkt Bensberg', languages: ['tr', 'de'], marketDay: { id: marketDay.id } });
    expect(poster.surveyPath).toBe(`/p/${t.slug}/umfrage?lang=tr&plakat=${poster.id}`);

    const forStadtteil = await createPoster({ stadtteil: 'gronau', languages: ['ar'] });
    expect(forStadtteil.json()).toMatchObject({ place: 'Gronau', stadtteil: { key: 'gronau', name: 'Gronau' }, marketDay: null });

    for (const size of ['a4', 'a3']) {
      const pdf = await staff.inject({ url: `/api/processes/${t.slug}/posters/${poster.id}/pdf?size=${size}` });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const [code] = readCodes(pdf.rawPayload, 100);
      expect(code?.text).toBe(`${BASE}${poster.surveyPath}`);
    }
    const list = (await staff.inject({ url: `/api/processes/${t.slug}/posters` })).json();
    expect(list.posters.map((each: { id: string }) => each.id)).toEqual([poster.id, forStadtteil.json().id]);
  });

  it('refuses a poster for a market day the server does not know, an unknown Stadtteil, or neither', async () => {
    expect((await createPoster({ marketDayId: '00000000-0000-4000-8000-000000000000', languages: ['de'] })).statusCode).toBe(404);
    expect((await createPoster({ stadtteil: 'atlantis', languages: ['de'] })).json().error.code).toBe('unknown_stadtteil');
    expect((await createPoster({ languages: ['de'] })).statusCode).toBe(400);
    expect((await createPoster({ stadtteil: 'gronau', languages: [] })).statusCode).toBe(400);
  });

  it('counts responses per poster, suppressed below the threshold and where subtracting would give a count away, and records no poster for an id it does not know', async () => {
    const poster = async (stadtteil: string) => (await createPoster({ stadtteil, languages: ['de'] })).json().id as string;
    const [a, b, c] = [await poster('refrath'), await poster('hand'), await poster('sand')];
    for (let i = 0; i < 6; i += 1) await respond(a);
    for (let i = 0; i < 3; i += 1) await respond(b);
    for (let i = 0; i < 5; i += 1) await respond(c);
    // A well-formed id of no poster is recorded as none: a resident never loses a response to a wrong link.
    await respond('zzzzzzzzzz');
    for (let i = 0; i < 6; i += 1) buildResponse(t.db);
    // Flagged responses count nowhere, as in every aggregate.
    buildResponse(t.db, { flags: ['too_fast'] });

    const results = await reader.inject({ url: `/api/processes/${t.slug}/results/posters` });
    expect(results.statusCode).toBe(200);
    const body = results.json();
    const count = (id: string) => body.posters.find((each: { id: string }) => each.id === id).count;
    expect(body.threshold).toBe(5);
    expect(count(a)).toEqual({ count: 6, suppressed: false });
    // 3 is under the threshold; the posters of the first test have 0, also withheld.
    expect(count(b)).toEqual({ count: null, suppressed: true, reason: 'below_threshold' });
    // 21 − 6 − 7 would leave the withheld ones 3 between them: the next smallest, 5, is withheld too,
    // and says so — the page reads it „verdeckt“, not „< 5“, which would be untrue of 5.
    expect(count(c)).toEqual({ count: null, suppressed: true, reason: 'secondary' });
    expect(body.withoutPoster).toEqual({ count: 7, suppressed: false });
    expect(body.total).toEqual({ count: 21, suppressed: false });
  });

  it('shows the counts per poster to those who read results only', async () => {
    expect((await staff.inject({ url: `/api/processes/${t.slug}/results/posters` })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/processes/${t.slug}/results/posters` })).statusCode).toBe(401);
  });

  it('prints the invitation in every language chosen, nine of them too, on one page whose code still opens the survey', async () => {
    const languages: Language[] = ['ar', 'de', 'de-easy', 'en', 'tr', 'uk', 'pl', 'it', 'ru'];
    const poster = (await createPoster({ stadtteil: 'gronau', languages })).json();
    const heading = (language: Language) =>
      (JSON.parse(readFileSync(new URL(`../../shared/i18n/paper/${language}.json`, import.meta.url), 'utf8')) as { poster: { heading: string } }).poster.heading;
    for (const size of ['a4', 'a3']) {
      const pdf = (await staff.inject({ url: `/api/processes/${t.slug}/posters/${poster.id}/pdf?size=${size}` })).rawPayload;
      const { pages, text } = await pdfText(pdf);
      expect(pages).toBe(1);
      // Arabic, the first, is stored in visual order; every other language's heading is read as text.
      for (const language of languages.slice(1)) expect(text, `${language} on ${size}`).toContain(heading(language));
      const [code] = readCodes(pdf, 100);
      expect(code?.text).toBe(`${BASE}${poster.surveyPath}`);
    }
  });

  it('refuses a malformed poster id in a submission with 400', async () => {
    const response = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: buildSubmission({ poster: 'x; drop table' }) });
    expect(response.statusCode).toBe(400);
  });
});
