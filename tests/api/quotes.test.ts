import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../server/features/lifecycle/lifecycle.service.ts';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

interface QuoteView {
  citeId: string;
  id: string;
  text: string;
  language: string | null;
  german: { text: string; source: string } | null;
  channel: string;
  kind: string | null;
  area: string | null;
  month: string;
  fieldsOfAction: string[];
  group: string;
  keywords: Array<{ field: string; words: string[] }>;
}

/** Words, not numbers: "Markt 3" reads as a street address to the masking. */
const WORDS = ['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'dreizehn'];

describe('the quote browser', () => {
  let t: TestApp;
  let admin: Agent;
  let arbeit: Agent;
  const quotes = async (agent: Agent, query = '') => agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/quotes?${query}` });
  const page = async (agent: Agent, query = '') => {
    const response = await quotes(agent, query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { total: number; quotes: QuoteView[]; groups: Array<{ key: string; count: number }>; choices: { bands: Array<{ key: string; options: Array<{ key: string }> }> } };
  };
  const texts = (list: QuoteView[]) => list.map((quote) => quote.text).sort();

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    arbeit = await signIn(t.app, (await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] })).username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('gives a working group the masked quotes of its fields only, and refuses another field', async () => {
    buildContribution(t.db, { text: 'Schreiben Sie mir an max@example.de wegen Arbeit', fieldsOfAction: ['arbeit'] });
    buildContribution(t.db, { text: 'Mehr Bänke im Park', fieldsOfAction: ['freizeit'] });
    buildContribution(t.db, { text: 'Nur vorgeschlagen: Ausbildungsplätze fehlen' }); // the suggester's tag only: not confirmed
    const own = await page(arbeit);
    expect(own.quotes.map((quote) => quote.text)).toEqual(['Schreiben Sie mir an [E-Mail entfernt] wegen Arbeit']);
    expect(JSON.stringify(own)).not.toContain('max@example.de');
    expect(own.groups).toEqual([{ key: 'arbeit', label: expect.any(String), count: 1 }]);
    expect((await quotes(arbeit, 'field=freizeit')).statusCode).toBe(403);
    // The export cites the quote by the same number.
    const csv = (await arbeit.inject({ method: 'GET', url: `/api/processes/${t.slug}/exports/csv` })).body;
    expect(csv).toContain(`wegen Arbeit;;${own.quotes[0]!.citeId}\r\n`);
    expect(texts((await page(admin)).quotes)).toHaveLength(2);
  });

  it('numbers quotes per process in the order they came, keeps the number through moderation, edits and translations, and never gives it again', async () => {
    const first = buildContribution(t.db, { text: 'Erste Stimme zur Arbeit', fieldsOfAction: ['arbeit'], capturedOn: '2026-11-01' });
    const second = buildContribution(t.db, { text: 'Zweite Stimme zur Arbeit', fieldsOfAction: ['arbeit'], capturedOn: '2026-11-02', language: 'tr' });
    const cite = async () => Object.fromEntries((await page(admin)).quotes.map((quote) => [quote.id, quote.citeId]));
    const before = await cite();
    expect(before[first]).toMatch(/^B-\d+$/);
    expect(Number(before[second]!.slice(2))).toBe(Number(before[first]!.slice(2)) + 1);

    const base = `/api/admin/processes/${t.slug}/contributions`;
    expect((await admin.inject({ method: 'POST', url: `${base}/${first}/review`, payload: { version: 1, fieldsOfAction: ['arbeit', 'teilhabe'], stadtteil: 'refrath' } })).statusCode).toBe(204);
    expect((await admin.inject({ method: 'POST', url: `${base}/${first}/mask`, payload: { version: 2, ranges: [{ start: 0, end: 5 }] } })).statusCode).toBe(204);
    expect((await admin.inject({ method: 'POST', url: `${base}/${second}/german`, payload: { version: 1, text: 'Zweite Stimme, übersetzt' } })).statusCode).toBe(204);
    expect(await cite()).toEqual(before);
    const moderation = (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/moderation?state=all` })).json();
    expect(Object.fromEntries(moderation.items.map((item: { id: string; citeId: string }) => [item.id, item.citeId]))).toEqual(before);

    // A deleted quote's number stays taken; SQL may not renumber one either.
    t.db.$client.prepare('delete from contributions where id = ?').run(second);
    const third = buildContribution(t.db, { text: 'Dritte Stimme zur Arbeit', fieldsOfAction: ['arbeit'] });
    expect((await cite())[third]).toBe(`B-${Number(before[second]!.slice(2)) + 1}`);
    expect(() => t.db.$client.prepare('update contributions set cite_seq = 999 where id = ?').run(first)).toThrow(/cite number never changes/);
  });

  it('filters by channel, kind, language, statistical district and Stadtteil', async () => {
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Refrath Stimme ${WORDS[i]}`, fieldsOfAction: ['arbeit'], stadtteil: 'refrath' });
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Gronau Konferenz ${WORDS[i]}`, fieldsOfAction: ['arbeit'], stadtteil: 'gronau', channel: 'conference', language: 'tr' });
    expect((await page(arbeit, 'channel=conference')).total).toBe(5);
    expect((await page(arbeit, 'language=tr')).quotes.every((quote) => quote.language === 'tr')).toBe(true);
    expect((await page(arbeit, 'stadtteil=refrath')).quotes.map((quote) => quote.text).every((text) => text.startsWith('Refrath'))).toBe(true);
    const district = (await page(arbeit, 'stadtteil=refrath')).quotes[0]!.area;
    expect(district).toBe('Refrath');
    expect((await page(arbeit, 'kind=idea')).total).toBe(0);
    const unknown = await quotes(arbeit, 'district=nowhere');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_district');
  });

  it('offers to filter by the languages the process speaks and its quotes are in, not all nine', async () => {
    // A process in German, Turkish and Arabic whose survey asks in German and English; a conference voice in Ukrainian.
    const sql = t.db.$client;
    const processId = (sql.prepare('select id from processes where slug = ?').get(t.slug) as { id: string }).id;
    sql.prepare(`update processes set languages = '["de","tr","ar"]' where id = ?`).run(processId);
    const definition = (sql.prepare('select definition from surveys where process_id = ? order by version desc limit 1').get(processId) as { definition: string }).definition;
    sql.prepare(`update surveys set definition = json_set(definition, '$.languages', json('["de","en"]')) where process_id = ?`).run(processId);
    expect(definition).toContain('"ru"');
    buildContribution(t.db, { text: 'Stimme auf der Konferenz', fieldsOfAction: ['arbeit'], channel: 'conference', language: 'uk' });
    buildContribution(t.db, { text: 'Stimme am Stand', fieldsOfAction: ['arbeit'], language: 'tr' });
    const languages = async (agent: Agent) => ((await page(agent)) as unknown as { choices: { languages: string[] } }).choices.languages;
    expect(await languages(arbeit)).toEqual(['de', 'en', 'tr', 'uk', 'ar']);
    expect(await languages(admin)).toEqual(['de', 'en', 'tr', 'uk', 'ar']);
  });

  it('searches the masked text with FTS5: umlauts either way, prefixes, the German rendering; a malformed query is a 400', async () => {
    const buero = buildContribution(t.db, { text: 'Das Bürgerbüro braucht Termine auf Türkisch', fieldsOfAction: ['arbeit'] });
    const arabic = buildContribution(t.db, { text: 'نحتاج دورات لغة في المساء', fieldsOfAction: ['arbeit'], language: 'ar' });
    buildContribution(t.db, { text: 'Ruf mich an: 0171 2345678, Thema Ausbildung', fieldsOfAction: ['arbeit'] });
    const found = async (q: string) => (await page(arbeit, `q=${encodeURIComponent(q)}`)).quotes.map((quote) => quote.id);
    expect(await found('buergerbuero')).toEqual([buero]); // "ue" for "ü", as typed without umlauts
    expect(await found('buergerb TUERKISCH')).toEqual([buero]);
    expect(await found('burgerburo')).toEqual([buero]);
    expect(await found('Bürger')).toEqual([buero]);
    expect(await found('TÜRKISCH termine')).toEqual([buero]);
    expect(await found('"braucht termine"')).toEqual([buero]);
    expect(await found('0171')).toEqual([]); // masked away, never indexed
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${arabic}/german`, payload: { version: 1, text: 'Wir brauchen Sprachkurse am Abend' } })).statusCode).toBe(204);
    expect(await found('sprachkurs')).toEqual([arabic]);
    expect(await found('دورات')).toEqual([arabic]);

    for (const bad of ['"unterminated', 'AND OR', 'nowhere:word', '(((', '!!!']) {
      const response = await quotes(arbeit, `q=${encodeURIComponent(bad)}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().error.code, bad).toBe('invalid_search');
    }
  });

  it('pages in a stable order grouped by field, each quote once', async () => {
    for (let i = 0; i < 7; i += 1) buildContribution(t.db, { text: `Arbeit ${WORDS[i]}`, fieldsOfAction: ['arbeit'] });
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Teilhabe ${WORDS[i]}`, fieldsOfAction: ['teilhabe'] });
    buildContribution(t.db, { text: 'Beides', fieldsOfAction: ['teilhabe', 'arbeit'] });
    const all = await page(admin, 'limit=100');
    // A quote under two fields is listed once, in the first field's group.
    expect(all.groups.map((group) => [group.key, group.count])).toEqual([
      ['arbeit', 8],
      ['teilhabe', 5],
    ]);
    expect(all.quotes.map((quote) => quote.group)).toEqual([...Array(8).fill('arbeit'), ...Array(5).fill('teilhabe')]);
    expect(all.quotes.find((quote) => quote.text === 'Beides')!.fieldsOfAction).toEqual(['arbeit', 'teilhabe']);
    const byTeilhabe = await page(admin, 'field=teilhabe');
    expect(byTeilhabe.total).toBe(6);
    const seen: string[] = [];
    for (let offset = 0; offset < 13; offset += 5) seen.push(...(await page(admin, `limit=5&offset=${offset}`)).quotes.map((quote) => quote.citeId));
    expect(seen).toEqual(all.quotes.map((quote) => quote.citeId));
    expect(new Set(seen).size).toBe(13);
  });

  it('refuses place and demographic filters that narrow to fewer people than the threshold, and the rest of a band too', async () => {
    // Six people aged 65+ and six aged 30–49 wrote about work, all from Gronau; one 65+ person wrote twice.
    const idea = (i: number) => `Idee zur Arbeit, die ${WORDS[i]}te`;
    for (let i = 0; i < 6; i += 1) buildResponse(t.db, { answers: { 'age-band': '65-plus', 'home-languages': ['arabic', 'german'], 'work-idea': idea(i) } });
    for (let i = 6; i < 12; i += 1) buildResponse(t.db, { answers: { 'age-band': '30-49', 'home-languages': ['german'], 'work-idea': idea(i) } });
    // Two stall notes with the age band staff noted.
    for (let i = 0; i < 2; i += 1) buildContribution(t.db, { text: `Stand ${WORDS[i]} zur Arbeit`, fieldsOfAction: ['arbeit'], stadtteil: 'refrath' });
    t.db.$client.prepare("update contributions set age_band = '65-plus' where text like 'Stand %'").run();
    // Five more from Bensberg, so that the Stadtteil table withholds Bensberg, not Gronau, beside Refrath's two.
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Bensberg ${WORDS[i]} zur Arbeit`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });

    const old = await page(arbeit, 'band=age-band:65-plus');
    expect(old.total).toBe(8);
    expect(old.quotes.some((quote) => quote.text.startsWith('Stand'))).toBe(true);
    expect((await page(arbeit, 'band=home-languages:arabic')).total).toBe(6);
    expect(old.choices.bands.find((band) => band.key === 'age-band')!.options.map((o) => o.key)).toContain('65-plus');

    // Refrath has two people: too few to name.
    const refrath = await quotes(arbeit, 'stadtteil=refrath');
    expect(refrath.statusCode).toBe(422);
    expect(refrath.json().error).toMatchObject({ code: 'too_few_respondents', details: { threshold: 5, which: 'selection' } });
    // Bensberg's five are withheld in the Stadtteil table only so that Refrath's two cannot be worked out: its filter would show them.
    const bensberg = await quotes(arbeit, 'stadtteil=bensberg');
    expect(bensberg.statusCode).toBe(422);
    expect(bensberg.json().error).toMatchObject({ code: 'too_few_respondents', details: { threshold: 5, which: 'withheld' } });
    // 65+ in Gronau are six; the rest of Gronau are six: fine. Adding the language band leaves six, but its rest is none.
    expect((await page(arbeit, 'stadtteil=gronau&band=age-band:65-plus')).total).toBe(6);
    const everyoneElse = await quotes(arbeit, 'stadtteil=gronau&band=age-band:30-49,age-band:65-plus');
    expect(everyoneElse.statusCode).toBe(422);
    expect(everyoneElse.json().error.details.which).toBe('rest');
    // Nobody of a band is zero, and zero is too few.
    expect((await quotes(arbeit, 'band=age-band:under-18')).statusCode).toBe(422);
    // The search is not counted: it only picks from a list the group may read.
    expect((await page(arbeit, `band=age-band:65-plus&q=${encodeURIComponent('viertel OR vierte')}`)).total).toBe(1);
    const unknown = await quotes(arbeit, 'band=favourite-colour:blue');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_band');
  });

  it('keeps a moderator\'s German rendering apart, masked like the original, in the audit log with who and when', async () => {
    const id = buildContribution(t.db, { text: 'Kursları artırın, yazın: ayse@example.com', fieldsOfAction: ['arbeit'], language: 'tr' });
    const german = buildContribution(t.db, { text: 'Schon auf Deutsch', fieldsOfAction: ['arbeit'] });
    const url = (contribution: string) => `/api/admin/processes/${t.slug}/contributions/${contribution}/german`;
    const translate = (contribution: string, payload: { version: number; text: string | null }) => admin.inject({ method: 'POST', url: url(contribution), payload });

    expect((await translate(id, { version: 1, text: 'Mehr Kurse, schreiben Sie an ayse@example.com oder Ayşe Demir' })).statusCode).toBe(204);
    const stale = await translate(id, { version: 1, text: 'anders' });
    expect(stale.statusCode).toBe(409);
    expect((await translate(german, { version: 1, text: 'Deutsch' })).json().error.code).toBe('already_german');
    expect((await arbeit.inject({ method: 'POST', url: url(id), payload: { version: 2, text: 'x' } })).statusCode).toBe(403);

    // A name the moderator masks in the original is masked in the German rendering too.
    const item = (await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/moderation?state=all` })).json().items.find((i: { id: string }) => i.id === id);
    expect(item.german).toMatchObject({ source: 'human', text: 'Mehr Kurse, schreiben Sie an ayse@example.com oder Ayşe Demir' });
    expect(item.text).toBe('Kursları artırın, yazın: ayse@example.com');
    const start = item.maskedText.indexOf('yazın');
    expect((await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${id}/mask`, payload: { version: 2, ranges: [{ start, end: start + 5 }] } })).statusCode).toBe(204);
    expect((await translate(id, { version: 3, text: 'Mehr Kurse, yazın, schreiben Sie an ayse@example.com oder Ayşe Demir' })).statusCode).toBe(204);

    const quote = (await page(arbeit)).quotes.find((q) => q.id === id)!;
    expect(quote.text).toBe('Kursları artırın, [Name entfernt]: [E-Mail entfernt]');
    expect(quote.german).toEqual({ text: 'Mehr Kurse, [Name entfernt], schreiben Sie an [E-Mail entfernt] oder Ayşe Demir', source: 'human' });
    expect(quote.language).toBe('tr');

    const audit = t.db.$client.prepare("select user_id as userId, at, details from audit_log where action = 'contribution_translated' and entity_id = ? order by id").all(id) as Array<{ userId: number; at: string; details: string }>;
    expect(audit).toHaveLength(2);
    expect(audit[0]!.userId).toBeGreaterThan(0);
    expect(JSON.parse(audit[0]!.details)).toEqual({ language: 'de', source: 'human', outcome: 'saved', from: 'tr' });
    expect(JSON.stringify(audit)).not.toContain('ayse@');

    // Past the retention date the German as entered goes with the original: only the masked copy stays.
    t.db.$client.prepare("update processes set retention_until = '2026-01-01'").run();
    await enforceRetention(t.db, '2026-06-01');
    expect(t.db.$client.prepare('select text, masked_text as masked from contribution_translations where contribution_id = ?').get(id)).toEqual({
      text: 'Mehr Kurse, [Name entfernt], schreiben Sie an [E-Mail entfernt] oder Ayşe Demir',
      masked: 'Mehr Kurse, [Name entfernt], schreiben Sie an [E-Mail entfernt] oder Ayşe Demir',
    });

    expect((await translate(id, { version: 4, text: null })).statusCode).toBe(204);
    expect((await page(arbeit)).quotes.find((q) => q.id === id)!.german).toBeNull();
  });
});
