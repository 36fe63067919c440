import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../shared/api/receipts.ts';
import type { SyncResult } from '../../shared/api/stall.ts';
import { formatReceiptCode, makeReceiptCode, RECEIPT_ALPHABET, RECEIPT_LENGTH } from '../../shared/receipts/code.ts';
import { takeUpInMeasure } from '../factories/measures.ts';
import { buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

const lookup = (t: TestApp, code: string, remoteAddress = '127.0.0.1') => t.app.inject({ method: 'GET', url: `/api/receipts/${encodeURIComponent(code)}`, remoteAddress });

/** A code nobody was given: made, then checked against the table. */
function unusedCode(t: TestApp): string {
  for (;;) {
    const code = makeReceiptCode();
    if (!t.db.$client.prepare('select 1 from receipts where code = ?').get(code)) return code;
  }
}

describe('receipts: codes on every voice and what a code shows', () => {
  let t: TestApp;
  let staff: Agent;
  beforeAll(async () => {
    t = await buildTestApp({ RESPONSES_PER_MINUTE: '100000', RECEIPT_LOOKUPS_PER_HOUR: '100000' });
    const user = await buildUser(t.db, { role: 'staff' });
    staff = await signIn(t.app, user.username, user.password);
  });
  afterAll(() => t.close());

  async function sync(items: unknown[]): Promise<SyncResult[]> {
    const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  }

  async function receipt(code: string): Promise<Receipt> {
    const response = await lookup(t, code);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json();
  }

  it('gives a questionnaire one code for all its free-text answers, the same on a resend, and shows them masked with fields, Stadtteil, day and channel', async () => {
    const answers = { ...goodAnswers(), 'work-idea': 'Sprachcafé am Abend. Schreiben Sie mir: aylin.demir@example.de oder 0171 2345678' };
    const body = buildSubmission({ answers, language: 'de' });
    const first = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: body });
    expect(first.statusCode, first.body).toBe(201);
    const code = first.json().receipt as string;
    expect(code).toMatch(new RegExp(`^[${RECEIPT_ALPHABET}]{4}-[${RECEIPT_ALPHABET}]{4}-[${RECEIPT_ALPHABET}]{4}$`));
    // The phone lost the answer and sends again: the same code, so the thank-you page shows the one stored.
    const again = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: body.id, receipt: code });

    const shown = await receipt(code);
    expect(shown).toMatchObject({ code, process: { slug: t.slug }, channel: 'online' });
    expect(shown.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The three free texts in the questionnaire's order: the "other" of a choice, the idea, living together.
    expect(shown.contributions.map((c) => c.text)).toEqual([
      'Mentoring für Gründerinnen',
      expect.stringContaining('Sprachcafé am Abend'),
      'Nachbarschaftsfeste verbinden die Menschen.',
    ]);
    const idea = shown.contributions[1]!;
    expect(idea.text).not.toContain('aylin.demir@example.de');
    expect(idea.text).not.toContain('2345678');
    expect(idea.fieldsOfAction.map((field) => field.key)).toEqual(['arbeit']);
    expect(idea.fieldsOfAction[0]!.label.de).toBeTruthy();
    expect(idea).toMatchObject({ hidden: false, language: 'de', stadtteil: { key: 'gronau', name: 'Gronau' } });
    expect(idea.outcome).toEqual({ kind: 'open', reason: null, passedTo: null, decidedOn: null, measures: [] });
    // The third text has no field of its own: the suggester's guesses are not shown as fields.
    const suggestedOnly = t.db.$client.prepare("select count(*) n from contribution_tags where source <> 'suggested' and contribution_id in (select id from contributions where text like 'Nachbarschaftsfeste%')").get() as { n: number };
    expect(shown.contributions[2]!.fieldsOfAction).toHaveLength(suggestedOnly.n);

    // Nothing personal: no original text, no time of day, no age band, no answers to other questions, no ids.
    const raw = JSON.stringify(shown);
    expect(raw).not.toMatch(/T\d{2}:\d{2}/);
    expect(raw).not.toContain('30-49');
    expect(raw).not.toContain(body.id);
    expect(Object.keys(shown).sort()).toEqual(['channel', 'code', 'contributions', 'day', 'process']);
    expect(Object.keys(idea).sort()).toEqual(['fieldsOfAction', 'hidden', 'language', 'outcome', 'stadtteil', 'text']);
    // One row, keyed by the response; nothing else about the resident.
    expect(t.db.$client.prepare('select count(*) n from receipts where response_id = (select id from responses where client_id = ?)').get(body.id)).toEqual({ n: 1 });
  });

  it('gives a questionnaire without free text no code: there is no voice to follow', async () => {
    const answers = { 'work-situation': 3, district: 'gronau' };
    const response = await t.app.inject({ method: 'POST', url: `/api/processes/${t.slug}/responses`, payload: buildSubmission({ answers }) });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().receipt).toBeNull();
  });

  it('takes the code a tablet made offline, keeps it on every resend and edit, and reads it in any case, without dashes and as typed on a Ukrainian or Arabic phone', async () => {
    // With a letter that has a Cyrillic lookalike and a digit, so both readings below are tried.
    let code = unusedCode(t);
    while (!/[ABCEHKMPTXY]/.test(code) || !/[2-9]/.test(code)) code = unusedCode(t);
    const marketDay = buildMarketDayItem();
    const note = buildNoteItem({ marketDayId: marketDay.id, receipt: code, text: 'Ein Jugendtreff in Bensberg fehlt', fieldsOfAction: ['freizeit'] });
    const [, stored] = await sync([marketDay, note]);
    expect(stored).toMatchObject({ id: note.id, status: 'stored', version: 1, receipt: code });

    // The answer was lost; the tablet resends byte for byte, and once more with a code of its own (never counted twice).
    expect((await sync([note]))[0]).toMatchObject({ status: 'duplicate', receipt: code });
    expect((await sync([{ ...note, receipt: unusedCode(t) }]))[0]).toMatchObject({ status: 'duplicate', receipt: code });
    expect(t.db.$client.prepare('select count(*) n from contributions where id = ?').get(note.id)).toEqual({ n: 1 });

    // An edit keeps the code.
    const edited = await sync([{ ...note, text: 'Ein Jugendtreff in Bensberg fehlt, am besten am Markt', baseVersion: 1 }]);
    expect(edited[0]).toMatchObject({ status: 'stored', version: 2, receipt: code });

    const shown = await receipt(code.toLowerCase());
    expect(shown).toMatchObject({ code: formatReceiptCode(code), channel: 'stall', day: '2026-05-09' });
    expect(shown.contributions).toEqual([
      expect.objectContaining({ text: 'Ein Jugendtreff in Bensberg fehlt, am besten am Markt', stadtteil: { key: 'bensberg', name: 'Bensberg' }, fieldsOfAction: [expect.objectContaining({ key: 'freizeit' })] }),
    ]);
    expect((await lookup(t, formatReceiptCode(code))).statusCode).toBe(200);
    expect((await lookup(t, `${code.slice(0, 6)} ${code.slice(6)}`)).statusCode).toBe(200);
    // Typed on a Ukrainian phone (Cyrillic lookalikes) or an Arabic one (Arabic-Indic digits): the same receipt.
    const cyrillic = code.replace(/[ABCEHKMPTXY]/g, (letter) => 'АВСЕНКМРТХУ'['ABCEHKMPTXY'.indexOf(letter)]!).toLowerCase();
    expect((await receipt(cyrillic)).code).toBe(formatReceiptCode(code));
    const arabicDigits = code.replace(/[2-9]/g, (digit) => String.fromCodePoint(0x0660 + Number(digit)));
    expect((await receipt(arabicDigits)).code).toBe(formatReceiptCode(code));

    // Any tablet of the market day can show or print the code again.
    const notes = (await staff.inject({ method: 'GET', url: `/api/stall/market-days/${marketDay.id}/notes` })).json().notes;
    expect(notes[0]).toMatchObject({ id: note.id, receipt: code });
  });

  it('stores a note whose offline code is taken under a fresh one and says which, so the tablet shows that instead; older tablets get one too', async () => {
    const taken = unusedCode(t);
    const first = buildNoteItem({ receipt: taken, text: 'Mehr Bänke am Busbahnhof' });
    expect((await sync([first]))[0]).toMatchObject({ status: 'stored', receipt: taken });

    const second = buildNoteItem({ receipt: taken, text: 'Spielplatz Refrath reparieren' });
    const [answer] = await sync([second]);
    expect(answer).toMatchObject({ status: 'stored', version: 1 });
    expect(answer!.receipt).toMatch(new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`));
    expect(answer!.receipt).not.toBe(taken);
    // Nothing lost, nothing twice: each code shows its own voice.
    expect((await receipt(taken)).contributions[0]!.text).toBe('Mehr Bänke am Busbahnhof');
    expect((await receipt(answer!.receipt!)).contributions[0]!.text).toBe('Spielplatz Refrath reparieren');
    // A resend of the second note with the taken code is a duplicate and names the code it got.
    expect((await sync([second]))[0]).toMatchObject({ status: 'duplicate', receipt: answer!.receipt });

    const { receipt: _none, ...old } = buildNoteItem({ text: 'Von einem Tablet ohne Codes' });
    const [fromOld] = await sync([old]);
    expect(fromOld).toMatchObject({ status: 'stored' });
    expect((await receipt(fromOld!.receipt!)).contributions[0]!.text).toBe('Von einem Tablet ohne Codes');
  });

  it('refuses a malformed code with 400 and answers an unknown one with 404', async () => {
    for (const bad of ['K7M-4QX', 'O'.repeat(RECEIPT_LENGTH), '1'.repeat(RECEIPT_LENGTH), 'I2345678ABCD', 'L2345678ABCD', `${'A'.repeat(RECEIPT_LENGTH)}A`, '%00']) {
      const response = await lookup(t, bad);
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    const unknown = await lookup(t, unusedCode(t));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    // A tablet must not send a code it could not have made.
    const [invalid] = await sync([buildNoteItem({ receipt: 'OOOO' })]);
    expect(invalid).toMatchObject({ status: 'invalid', error: { code: 'validation_failed' } });
  });

  it('shows the outcome with the measures that take a voice up, their title, status and progress; a hidden voice without its text; a draft process as unknown', async () => {
    const code = unusedCode(t);
    const note = buildNoteItem({ receipt: code, text: 'Abendkurse für Deutsch in Bensberg', fieldsOfAction: ['bildung'] });
    await sync([note]);
    const processId = (t.db.$client.prepare('select id from processes where slug = ?').get(t.slug) as { id: string }).id;
    const measureId = takeUpInMeasure(t.db, processId, note.id);

    const outcome = (await receipt(code)).contributions[0]!.outcome;
    expect(outcome).toMatchObject({ kind: 'taken_up', decidedOn: '2026-11-21' });
    expect(outcome.measures).toEqual([
      expect.objectContaining({ id: measureId, title: { de: 'Abendsprachkurse an der VHS', ar: 'دورات لغة مسائية في مدرسة تعليم الكبار' }, translations: { ar: 'machine' }, progress: 40, status: expect.objectContaining({ key: 'in_progress', label: expect.objectContaining({ de: 'in Umsetzung' }) }) }),
    ]);

    t.db.$client.prepare("update contributions set status = 'hidden', hidden_reason = 'offensive' where id = ?").run(note.id);
    expect((await receipt(code)).contributions[0]).toMatchObject({ text: null, hidden: true });

    t.db.$client.prepare("update processes set status = 'draft' where id = ?").run(processId);
    try {
      expect((await lookup(t, code)).statusCode).toBe(404);
    } finally {
      t.db.$client.prepare("update processes set status = 'public' where id = ?").run(processId);
    }
  });
});

describe('receipt lookups are throttled per address', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('refuses the next lookup after the hourly budget, counting an IPv6 /64 as one address and a session as nothing of its own', async () => {
    const limit = 5;
    t = await buildTestApp({ RECEIPT_LOOKUPS_PER_HOUR: String(limit) });
    const guesser = '2001:db8:1:2::17';
    for (let i = 0; i < limit; i += 1) expect((await lookup(t, makeReceiptCode(), guesser)).statusCode).toBe(404);
    // Another address in the same /64, and malformed guesses, spend the same budget.
    const refused = await lookup(t, makeReceiptCode(), '2001:db8:1:2:ffff::1');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect((await lookup(t, 'nonsense', guesser)).statusCode).toBe(429);
    // Signing in does not buy a new budget.
    const user = await buildUser(t.db, { role: 'admin' });
    const agent = await signIn(t.app, user.username, user.password);
    const signedIn = await t.app.inject({ method: 'GET', url: `/api/receipts/${makeReceiptCode()}`, remoteAddress: guesser, headers: { cookie: agent.cookie } });
    expect(signedIn.statusCode).toBe(429);
    // Someone else's /64 still gets answers.
    expect((await lookup(t, makeReceiptCode(), '2001:db8:1:3::17')).statusCode).toBe(404);
    // The address is not kept anywhere in the database.
    const tables = t.db.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '%_fts%'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const rows = JSON.stringify(t.db.$client.prepare(`select * from "${name}"`).all());
      expect(rows, name).not.toContain('2001:db8');
    }
  });
});
