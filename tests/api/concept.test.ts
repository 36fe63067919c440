import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasuresPage } from '../../shared/api/measures.ts';
import type { Participation } from '../../shared/api/participation.ts';
import type { QuestionResults } from '../../shared/api/question-results.ts';
import type { QuotePage } from '../../shared/api/quotes.ts';
import type { AggregateResult, Cell } from '../../shared/api/results.ts';
import { summarize } from '../../shared/results/summary.ts';
import { CELL_MARGIN, CHAPTERS, decimalText, MEASURE_COLUMNS, rateText, TEXT_WIDTH } from '../../server/features/concept/concept.docx.ts';
import { textMeasurer } from '../../server/pdf/fonts.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The document as Word's reader sees it: headings by level, tables as rows of cell texts, and the plain text. */
async function readDocx(data: Buffer) {
  const { value: html } = await mammoth.convertToHtml({ buffer: data });
  const { value: text } = await mammoth.extractRawText({ buffer: data });
  const strip = (fragment: string) =>
    fragment
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .trim();
  const headings = (level: number) => [...html.matchAll(new RegExp(`<h${level}>(.*?)</h${level}>`, 'g'))].map((m) => strip(m[1]!));
  const tables = [...html.matchAll(/<table>(.*?)<\/table>/g)].map((table) => [...table[1]!.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((cell) => strip(cell[1]!))));
  return { headings, tables, text };
}

const unescapeXml = (value: string) => value.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The document's tables as Word lays them out: the column widths of their grid (twips), the rows' cell texts, and the section each stands in. */
function docxTables(data: Buffer) {
  const xml = strFromU8(unzipSync(new Uint8Array(data))['word/document.xml']!);
  // A section ends at its sectPr; the last one, at the end of the body, is the final section's.
  const sections = [...xml.matchAll(/<w:sectPr\b.*?<\/w:sectPr>/gs)].map((m) => ({ end: m.index + m[0].length, landscape: /w:orient="landscape"/.test(m[0]) }));
  return [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((m) => ({
    grid: [...m[1]!.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((g) => Number(g[1])),
    fixed: m[1]!.includes('<w:tblLayout w:type="fixed"/>'),
    rows: [...m[1]!.matchAll(/<w:tr\b.*?<\/w:tr>/gs)].map((row) => [...row[0].matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((cell) => unescapeXml([...cell[1]!.matchAll(/<w:t(?: [^>]*)?>(.*?)<\/w:t>/g)].map((t) => t[1]).join('')))),
    landscape: sections.find((section) => section.end > m.index)!.landscape,
  }));
}

const printed = (cell: Cell | null, threshold: number) =>
  cell === null ? '–' : cell.suppressed ? (cell.reason === 'secondary' ? 'verdeckt' : `unter ${threshold}`) : cell.count.toLocaleString('de-DE');

/**
 * The concept draft for the council: a Word document with the five chapters of the concept's
 * outline whose figures are the API's figures — suppressed, and with masked quotes only.
 */
describe('the concept draft (docx)', () => {
  let t: TestApp;
  let admin: Agent;
  let group: Agent;
  const url = (path: string) => `/api/processes/${t.slug}/${path}`;

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    group = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
    for (let i = 0; i < 9; i += 1) buildContribution(t.db, { text: `Mehr Ausbildungsplätze für Geflüchtete, Idee ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    for (let i = 0; i < 6; i += 1) buildContribution(t.db, { text: `Hausaufgabenhilfe im Stadtteil ${i}`, channel: 'online', fieldsOfAction: ['bildung-schulisch'], stadtteil: 'gronau' });
    // A third Stadtteil with a published count, so the participation chapter compares the lowest published rate with the highest.
    for (let i = 0; i < 7; i += 1) buildContribution(t.db, { text: `Mehr Sportvereine für alle ${i}`, channel: 'stall', fieldsOfAction: ['freizeit'], stadtteil: 'refrath' });
    // Two of one channel only: their count is withheld, in the document as on the page.
    for (let i = 0; i < 2; i += 1) buildContribution(t.db, { text: `Konferenzidee ${i}`, channel: 'conference', fieldsOfAction: ['freizeit'] });
    buildContribution(t.db, { text: 'Rufen Sie mich an: 0170 1234567, ich helfe gern beim Sprachcafé', fieldsOfAction: ['teilhabe'] });
    for (let i = 0; i < 8; i += 1) buildResponse(t.db, { answers: { 'work-situation': 1 + (i % 5), 'work-support': ['recognition', 'childcare'].slice(0, 1 + (i % 2)), priorities: ['bildung', 'arbeit'] } });
  }, 120_000);
  afterAll(async () => t?.close());

  it('has the five chapters, the channel table equal to the aggregates, and each field its contributions, key results and masked quotes as the API gives them', async () => {
    const response = await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="mitreden-integrationskonzept-konzeptentwurf-\d{4}-\d{2}-\d{2}\.docx"$/);
    const doc = await readDocx(response.rawPayload);
    expect(doc.headings(1)).toEqual([...CHAPTERS]);

    const byChannel = (await admin.inject({ method: 'GET', url: url('aggregates?by=channel') })).json<AggregateResult>();
    const threshold = byChannel.threshold;
    const channelTable = doc.tables.find((table) => table[0]?.[0] === 'Kanal')!;
    expect(channelTable[0]).toEqual(['Kanal', 'Beiträge', 'Fragebögen']);
    const expected = byChannel.values[0]!.map((value, i) => [value.label, printed(byChannel.contributions.margins[0]![i]!, threshold), printed(byChannel.responses!.margins[0]![i]!, threshold)]);
    expect(channelTable.slice(1)).toEqual([...expected, ['Zusammen', printed(byChannel.contributions.total, threshold), printed(byChannel.responses!.total, threshold)]]);
    expect(channelTable.some((row) => row.includes(`unter ${threshold}`))).toBe(true);

    const participation = (await admin.inject({ method: 'GET', url: url('participation') })).json<Participation>();
    const districtTable = doc.tables.find((table) => table[0]?.[0] === 'Stadtbezirk')!;
    expect(districtTable.slice(1)).toEqual(
      participation.districts.map((d) => [d.name, d.population === null ? '–' : d.population.toLocaleString('de-DE'), printed(d.voices, threshold), rateText(d.rate), d.ratio === null ? '–' : `${decimalText(d.ratio, 2)}-fach`]),
    );
    expect(participation.districts.some((d) => d.rate !== null)).toBe(true);
    // The city's rate in plain words: how many of every 1,000 residents took part, with its interval.
    const city = participation.city.rate!;
    expect(city).not.toBeNull();
    expect(doc.text).toContain(`Stadtweit haben sich ${decimalText(city.perThousand)} von je 1.000 Einwohnerinnen und Einwohnern beteiligt (95-%-Intervall ${decimalText(city.low)} bis ${decimalText(city.high)}).`);
    // The lowest rate is the lowest of those published: Stadtteile with a withheld count may lie lower, and the sentence says so.
    const stadtteile = participation.summary.stadtteile;
    expect(stadtteile.lowestOverHighest, JSON.stringify(participation.stadtteile.filter((s) => s.voices.count !== null || s.population))).not.toBeNull();
    expect(stadtteile.withheld).toBeGreaterThan(1);
    expect(doc.text).toContain(`Unter den Stadtteilen mit veröffentlichter Zahl lag die Quote im niedrigsten (`);
    expect(doc.text).toContain(`; ${stadtteile.withheld} Stadtteile mit weniger als ${threshold} Stimmen sind dabei nicht verglichen und können noch darunter liegen.`);
    expect(doc.text).not.toContain('Im Stadtteil mit der niedrigsten Beteiligung');
    // The seeded population figures are examples: the draft says so.
    expect(doc.text).toContain('Die Einwohnerzahlen sind Beispielwerte und noch nicht geprüft');
    // The premise in the process's own words, not those of an integration concept in every process.
    expect(doc.text).toContain('Das Konzept „Integrationskonzept Bergisch Gladbach“ ordnet die Arbeit in Bergisch Gladbach nach 4 Handlungsfeldern:');
    expect(doc.text).not.toContain('Integrationsarbeit');

    const fieldHeadings = doc.headings(2).filter((h) => /^4\.\d+ /.test(h));
    expect(fieldHeadings.map((h) => h.replace(/^4\.\d+ /, ''))).toEqual(['Arbeit & Beschäftigung', 'Bildung', 'Teilhabe und politische Mitbestimmung', 'Freizeit & Kultur']);
    for (const [field, label] of [
      ['arbeit', 'Arbeit & Beschäftigung'],
      ['bildung', 'Bildung'],
    ] as const) {
      const total = (await admin.inject({ method: 'GET', url: url(`aggregates?by=channel&field=${field}`) })).json<AggregateResult>().contributions.total;
      expect(doc.text, label).toContain(`Beiträge zu diesem Handlungsfeld: ${printed(total, threshold)}.`);
      const results = (await admin.inject({ method: 'GET', url: url(`results/questions?field=${field}`) })).json<QuestionResults>();
      for (const question of results.questions.filter((q) => q.fieldOfAction)) expect(doc.text, question.key).toContain(summarize(question));
      const quotes = (await admin.inject({ method: 'GET', url: url(`quotes?field=${field}&limit=5`) })).json<QuotePage>();
      expect(quotes.quotes.length, JSON.stringify(quotes).slice(0, 500)).toBeGreaterThan(0);
      // The month as a council member reads it, „November 2026“, as in the PDF, not the API's „2026-11“.
      const month = (iso: string) => new Date(`${iso}-01T00:00:00Z`).toLocaleDateString('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      for (const quote of quotes.quotes) expect(doc.text).toContain(`„${quote.text}“ – ${[quote.citeId, quote.area, month(quote.month)].filter(Boolean).join(', ')}`);
      expect(doc.text).not.toMatch(/ – B-\d+(, [^,\n]+)?, \d{4}-\d{2}/);
    }
    // Bildung counts its children's contributions (schulisch), each once.
    expect(doc.text).toContain('Beiträge zu diesem Handlungsfeld: 6.');
    // Masked before anyone reads it: the phone number never reaches the document.
    expect(doc.text).not.toContain('0170 1234567');
    expect(doc.text).toContain('Sprachcafé');
  });

  it('chapter 4 holds the Leitziele of each field and chapter 5 the measures as the public measures page serves them, with the voices they take up', async () => {
    const api = (path: string) => `/api/processes/${t.slug}${path}`;
    const goal = await admin.inject({ method: 'POST', url: api('/guiding-goals'), payload: { id: randomUUID(), fieldKey: 'arbeit', text: { de: 'Zugewanderte finden Arbeit, die zu ihrer Qualifikation passt' } } });
    expect(goal.statusCode).toBe(201);
    const created = await admin.inject({
      method: 'POST',
      url: api('/measures'),
      payload: { id: randomUUID(), fieldKey: 'arbeit', title: { de: 'Anerkennungsberatung im Rathaus' }, guidingGoalId: goal.json().id, responsible: 'Jobcenter', partners: ['IHK Köln'] },
    });
    expect(created.statusCode).toBe(201);
    const patched = await admin.inject({
      method: 'PATCH',
      url: api(`/measures/${created.json().id}`),
      payload: { version: 1, statusKey: 'adopted', progress: 25, councilDocument: '0421/2026', councilDecidedOn: '2026-11-25', budgetCents: 1_250_000 },
    });
    expect(patched.statusCode).toBe(200);
    await admin.inject({ method: 'POST', url: api('/measures'), payload: { id: randomUUID(), fieldKey: 'freizeit', title: { de: 'Sommerfest der Kulturen' } } });
    const quote = (await admin.inject({ method: 'GET', url: url('quotes?field=arbeit&limit=1') })).json<QuotePage>().quotes[0]!;
    expect((await admin.inject({ method: 'PUT', url: api(`/contributions/${quote.id}/outcome`), payload: { kind: 'taken_up', measureIds: [created.json().id] } })).statusCode).toBe(200);

    const doc = await readDocx((await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` })).rawPayload);
    expect(doc.text).toContain('Zugewanderte finden Arbeit, die zu ihrer Qualifikation passt');
    const page = (await t.app.inject({ method: 'GET', url: api('/measures') })).json<MeasuresPage>();
    const measureTable = doc.tables.find((table) => table[0]?.[0] === MEASURE_COLUMNS[0])!;
    expect(measureTable[0]).toEqual([...MEASURE_COLUMNS]);
    expect(measureTable.slice(1).map((row) => row[0])).toEqual(page.measures.map((m) => m.title.de));
    expect(measureTable[1]).toEqual(['Anerkennungsberatung im Rathaus', 'Arbeit & Beschäftigung', 'beschlossen (25 %)', 'Jobcenter; IHK Köln', 'Drucksache 0421/2026, 25. November 2026', '12.500,00\u00a0€']);
    expect(measureTable[2]).toEqual(['Sommerfest der Kulturen', 'Freizeit & Kultur', 'vorgeschlagen (0 %)', '–', 'offen', '–']);
    expect(doc.text).toContain(`Anerkennungsberatung im Rathaus: ${quote.citeId}`);
    expect(doc.text).toContain('2 Maßnahmen in 2 Handlungsfeldern;');
    // A sub-field's measure counts under its field, as chapter 1 counts the fields: Bildung and Schulische Bildung are one of its fields, not two.
    for (const [fieldKey, title] of [['bildung', 'Lernpaten in der Volkshochschule'], ['bildung-schulisch', 'Elterncafés an Grundschulen']] as const) {
      expect((await admin.inject({ method: 'POST', url: api('/measures'), payload: { id: randomUUID(), fieldKey, title: { de: title } } })).statusCode).toBe(201);
    }
    const more = await readDocx((await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` })).rawPayload);
    expect(more.text).toContain('4 Maßnahmen in 3 Handlungsfeldern;');
  });

  it('sets no word of a table across two lines: each column as wide as its widest word, the six columns of the measures on pages turned sideways', async () => {
    const api = (path: string) => `/api/processes/${t.slug}${path}`;
    const created = await admin.inject({
      method: 'POST',
      url: api('/measures'),
      payload: {
        id: randomUUID(),
        fieldKey: 'arbeit',
        title: { de: 'Lotsen zur Anerkennung ausländischer Berufsabschlüsse' },
        responsible: 'Integrationsbüro der Stadt',
        partners: ['Migrantenorganisationen', 'Handwerkskammer'],
      },
    });
    expect(created.statusCode).toBe(201);
    const patched = await admin.inject({ method: 'PATCH', url: api(`/measures/${created.json().id}`), payload: { version: 1, statusKey: 'in_progress', progress: 40, councilDocument: '0512/2026', councilDecidedOn: '2026-11-12', budgetCents: 3_800_000 } });
    expect(patched.statusCode).toBe(200);

    const tables = docxTables((await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` })).rawPayload);
    const measures = tables.find((table) => table.rows[0]?.[0] === MEASURE_COLUMNS[0])!;
    expect(measures.rows.some((row) => row.includes('38.000,00\u00a0€'))).toBe(true);
    expect(measures.landscape).toBe(true);
    expect(tables.filter((table) => table !== measures).every((table) => !table.landscape)).toBe(true);
    // Measured in DejaVu Sans, what LibreOffice sets for a missing Calibri, and wider than it.
    const measure = await textMeasurer(11);
    for (const table of tables) {
      expect(table.fixed).toBe(true);
      expect(table.grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(table.landscape ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait);
      table.rows.forEach((row, r) =>
        row.forEach((text, c) => {
          // A no-break space ("38.000,00 €") holds its words together.
          for (const word of text.split(/[ \t\n]+/u).filter(Boolean)) expect(20 * measure(word, r === 0) + 2 * CELL_MARGIN, `${word} in ${table.rows[0]![c]}`).toBeLessThanOrEqual(table.grid[c]!);
        }),
      );
    }
  });

  it('spaces its lines at 1.15 of their own height, said outright: a title of two lines no longer overlaps in LibreOffice', async () => {
    const files = unzipSync(new Uint8Array((await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` })).rawPayload));
    const defaults = /<w:pPrDefault>(.*?)<\/w:pPrDefault>/s.exec(strFromU8(files['word/styles.xml']!))![1]!;
    // Without w:lineRule LibreOffice took 276 as a fixed 13.8 pt, too little for the 28 pt title.
    expect(/<w:spacing [^>]*\/>/.exec(defaults)![0]).toMatch(/w:line="276"[^>]*w:lineRule="auto"|w:lineRule="auto"[^>]*w:line="276"/);
  });

  it('is for admins: a working group is refused, someone signed out too', async () => {
    expect((await group.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` })).statusCode).toBe(401);
    expect((await admin.inject({ method: 'GET', url: '/api/admin/processes/gibt-es-nicht/concept' })).statusCode).toBe(404);
  });

  it('npm run concept writes the same document to a file, and every draft taken is in the audit log with its hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mitreden-concept-'));
    try {
      const web = await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/concept` });
      const out = join(dir, 'konzept.docx');
      const { stdout } = await run('npx', ['tsx', 'scripts/concept.ts', '--process', t.slug, '--out', out], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: t.databasePath } });
      const file = readFileSync(out);
      expect(stdout).toContain(`sha256 ${sha256(file)}`);
      const fromFile = await readDocx(file);
      const fromWeb = await readDocx(web.rawPayload);
      expect(fromFile.text).toBe(fromWeb.text);
      const rows = (t.db.$client.prepare("select user_id, details from audit_log where action = 'export' order by id").all() as Array<{ user_id: number | null; details: string }>).map((row) => ({
        userId: row.user_id,
        ...(JSON.parse(row.details) as { format: string; via: string; sha256: string; bytes: number }),
      }));
      const concepts = rows.filter((row) => row.format === 'concept.docx');
      expect(concepts.at(-2)).toMatchObject({ via: 'web', sha256: sha256(web.rawPayload), bytes: web.rawPayload.length });
      expect(concepts.at(-1)).toMatchObject({ via: 'cli', userId: null, sha256: sha256(file), bytes: file.length });
      await expect(run('npx', ['tsx', 'scripts/concept.ts', '--process', 'gibt-es-nicht', '--out', out], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: t.databasePath } })).rejects.toMatchObject({ code: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
