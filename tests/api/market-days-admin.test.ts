import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AggregateResult } from '../../shared/api/results.ts';
import type { AdminMarketDay } from '../../shared/api/market-days.ts';
import type { DotVotes } from '../../shared/api/question-results.ts';
import type { MarketDay, SyncResult } from '../../shared/api/stall.ts';
import { buildProcess } from '../factories/processes.ts';
import { buildDotVoteItem, buildMarketDayItem, buildNoteItem, STALL_PROCESS } from '../factories/stall.ts';
import { goodAnswers } from '../factories/survey.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * Market days in the admin area (`/api/admin/processes/:slug/market-days`): planned ahead, listed
 * with what was captured and who created them, corrected from the version the admin saw, removed
 * only while empty, each change audited; and what a correction means for the notes, the figures
 * by Stadtteil and a tablet that still holds the older copy (ARCHITECTURE.md, "The market stall").
 */
describe('market days in the admin area', () => {
  let t: TestApp;
  let admin: Agent;
  let staff: Agent;
  let staffName: string;

  beforeEach(async () => {
    t = await buildTestApp();
    const [adminUser, staffUser] = await Promise.all([buildUser(t.db, { role: 'admin' }), buildUser(t.db, { role: 'staff' })]);
    admin = await signIn(t.app, adminUser.username, adminUser.password);
    staff = await signIn(t.app, staffUser.username, staffUser.password);
    staffName = staffUser.username;
  });
  afterEach(() => t.close());

  const base = () => `/api/admin/processes/${STALL_PROCESS}/market-days`;
  const list = async () => {
    const response = await admin.inject({ method: 'GET', url: base() });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ marketDays: AdminMarketDay[] }>().marketDays;
  };
  const tabletList = async () => (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${STALL_PROCESS}` })).json<{ marketDays: MarketDay[] }>().marketDays;
  const sync = async (items: unknown[], agent = staff): Promise<SyncResult[]> => {
    const response = await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ results: SyncResult[] }>().results;
  };
  const audit = async (action: string) =>
    (await admin.inject({ method: 'GET', url: `/api/admin/audit?action=${action}` })).json<{ entries: Array<{ entity: string; entityId: string; details: Record<string, unknown>; subject: { name: string | null; deleted: boolean } | null }> }>().entries;
  const byStadtteil = async () => {
    const result = (await admin.inject({ method: 'GET', url: `/api/processes/${STALL_PROCESS}/aggregates?by=stadtteil` })).json<AggregateResult>();
    return Object.fromEntries(result.contributions.margins[0]!.map((cell) => [cell.key, cell.count]));
  };

  it('plans a market day under the client id, idempotently, audited, and the tablets list it', async () => {
    const id = randomUUID();
    const body = { id, date: '2026-06-13', place: 'Wochenmarkt Refrath', stadtteil: 'refrath' };
    const created = await admin.inject({ method: 'POST', url: base(), payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id, date: '2026-06-13', place: 'Wochenmarkt Refrath', stadtteil: 'refrath', version: 1, noteCount: 0, dotVoteCount: 0, createdBy: { role: 'admin' } });

    const again = await admin.inject({ method: 'POST', url: base(), payload: body });
    expect(again.statusCode).toBe(200);
    expect(await list()).toHaveLength(1);

    const other = await admin.inject({ method: 'POST', url: base(), payload: { ...body, place: 'Rathaus' } });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'id_conflict' });

    const unknown = await admin.inject({ method: 'POST', url: base(), payload: { ...body, id: randomUUID(), stadtteil: 'atlantis' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_stadtteil');

    const planned = (await tabletList()).find((day) => day.id === id);
    expect(planned).toMatchObject({ date: '2026-06-13', place: 'Wochenmarkt Refrath', stadtteil: 'refrath' });

    const entries = await audit('market_day_planned');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'market_day', entityId: id, details: { process: STALL_PROCESS, stadtteil: 'refrath' }, subject: { name: '2026-06-13 · Wochenmarkt Refrath', deleted: false } });
  });

  it('is for admins only', async () => {
    const id = randomUUID();
    expect((await staff.inject({ method: 'GET', url: base() })).statusCode).toBe(403);
    expect((await staff.inject({ method: 'POST', url: base(), payload: { id, date: '2026-06-13', place: 'Markt', stadtteil: null } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: base() })).statusCode).toBe(401);
    expect((await admin.inject({ method: 'GET', url: '/api/admin/processes/gibt-es-nicht/market-days' })).statusCode).toBe(404);
  });

  it('lists what was captured on each market day and which account created it', async () => {
    const day = buildMarketDayItem();
    await sync([day, buildNoteItem({ marketDayId: day.id }), buildNoteItem({ marketDayId: day.id }), buildDotVoteItem(day.id), buildDotVoteItem(day.id, { delta: -1 })]);
    const [listed] = await list();
    expect(listed).toMatchObject({ id: day.id, date: day.date, place: day.place, stadtteil: 'bensberg', staff: ['Aylin', 'Jonas'], noteCount: 2, dotVoteCount: 2, paperCount: 0, posterCount: 0, createdBy: { username: staffName, role: 'staff' } });
  });

  it('corrects the Stadtteil: the notes filed under the old one follow in every figure by Stadtteil, the others and the dot votes’ board too', async () => {
    const day = buildMarketDayItem({ stadtteil: 'bensberg' });
    const defaulted = Array.from({ length: 5 }, () => buildNoteItem({ marketDayId: day.id, stadtteil: 'bensberg' }));
    const named = Array.from({ length: 5 }, () => buildNoteItem({ marketDayId: day.id, stadtteil: 'gronau' }));
    const dots = Array.from({ length: 5 }, () => buildDotVoteItem(day.id, { option: 'bildung' }));
    await sync([day, ...defaulted, ...named, ...dots]);
    expect(await byStadtteil()).toMatchObject({ bensberg: 5, gronau: 5 });

    const response = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 1, date: '2026-05-16', place: 'Wochenmarkt Refrath', stadtteil: 'refrath' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ notesMoved: 5, marketDay: { version: 2, date: '2026-05-16', place: 'Wochenmarkt Refrath', stadtteil: 'refrath', noteCount: 10 } });

    const after = await byStadtteil();
    expect(after).toMatchObject({ refrath: 5, gronau: 5 });
    expect(after.bensberg ?? null).toBeNull();

    // The dot votes' board is placed by its market day: the column is the corrected Stadtteil.
    const board = (await admin.inject({ method: 'GET', url: `/api/processes/${STALL_PROCESS}/dot-votes` })).json<DotVotes>();
    expect(board.byStadtteil.stadtteile.map((s) => s.key)).toEqual(['refrath']);
    expect(board.boards[0]).toMatchObject({ date: '2026-05-16', place: 'Wochenmarkt Refrath', stadtteil: { key: 'refrath' } });

    // The tablets' list and the notes of the market day say the corrected Stadtteil.
    expect((await tabletList())[0]).toMatchObject({ id: day.id, stadtteil: 'refrath', date: '2026-05-16' });
    const notes = (await staff.inject({ method: 'GET', url: `/api/stall/market-days/${day.id}/notes` })).json<{ notes: Array<{ id: string; stadtteil: string | null; version: number }> }>().notes;
    expect(notes.filter((note) => note.stadtteil === 'refrath').map((note) => note.id).sort()).toEqual(defaulted.map((note) => note.id).sort());
    expect(notes.filter((note) => note.stadtteil === 'refrath').every((note) => note.version === 2)).toBe(true);

    const [entry] = await audit('market_day_corrected');
    expect(entry).toMatchObject({
      entity: 'market_day',
      entityId: day.id,
      details: {
        from: 1,
        to: 2,
        notesMoved: 5,
        changes: [
          { field: 'date', before: '2026-05-09', after: '2026-05-16' },
          { field: 'place', before: 'Wochenmarkt Bensberg', after: 'Wochenmarkt Refrath' },
          { field: 'stadtteil', before: 'bensberg', after: 'refrath' },
        ],
      },
    });
  });

  it('corrects the date: the market day’s paper questionnaires and their free texts move to it, its notes and other questionnaires keep their day', async () => {
    const day = buildMarketDayItem({ date: '2026-05-09' });
    const other = buildMarketDayItem({ date: '2026-05-09', place: 'Wochenmarkt Gronau', stadtteil: 'gronau' });
    const paper = (marketDayId: string, answers: Record<string, unknown>) => ({ type: 'paperResponse', id: randomUUID(), marketDayId, response: { surveyVersion: 1, language: 'de', answers } });
    const withText = paper(day.id, { ...goodAnswers(), 'work-support': ['recognition'], 'work-idea': 'Papier: Jobbörse am Markt', 'living-together': null });
    const withoutText = paper(day.id, { 'work-situation': 2 });
    const elsewhere = paper(other.id, { ...goodAnswers(), 'work-support': ['recognition'], 'work-idea': 'Papier: anderer Markttag', 'living-together': null });
    const note = buildNoteItem({ marketDayId: day.id, text: 'Stand: mehr Bänke', capturedAt: '2026-05-09T09:15:00.000Z' });
    expect((await sync([day, other, withText, withoutText, elsewhere, note])).map((result) => result.status)).toEqual(Array(6).fill('stored'));

    const response = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 1, date: '2026-05-16', place: day.place, stadtteil: day.stadtteil } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ notesMoved: 0, papersMoved: 2, marketDay: { date: '2026-05-16', paperCount: 2 } });

    // The questionnaires' day, as the response data export gives it.
    const files = unzipSync(new Uint8Array((await admin.inject({ method: 'GET', url: `/api/processes/${STALL_PROCESS}/exports/responses/zip` })).rawPayload));
    const [header, ...rows] = parse(Buffer.from(files['daten.csv']!), { bom: true, delimiter: ';' }) as string[][];
    const dayOf = Object.fromEntries(rows.map((row) => [row[header!.indexOf('id')], row[header!.indexOf('tag')]]));
    expect(dayOf).toEqual({ [withText.id]: '2026-05-16', [withoutText.id]: '2026-05-16', [elsewhere.id]: '2026-05-09' });
    // The voices' capture day, as moderation shows it: the questionnaire's free text moved, the note captured on the tablet that day did not.
    const items = (await admin.inject({ method: 'GET', url: `/api/admin/processes/${STALL_PROCESS}/moderation?state=all&limit=200` })).json<{ items: Array<{ text: string; capturedOn: string }> }>().items;
    expect(Object.fromEntries(items.map((item) => [item.text, item.capturedOn]))).toEqual({ 'Papier: Jobbörse am Markt': '2026-05-16', 'Papier: anderer Markttag': '2026-05-09', 'Stand: mehr Bänke': '2026-05-09' });

    const [entry] = await audit('market_day_corrected');
    expect(entry!.details).toMatchObject({ papersMoved: 2, changes: [{ field: 'date', before: '2026-05-09', after: '2026-05-16' }] });
    expect(entry!.details.notesMoved).toBeUndefined();

    // A questionnaire typed in later on a tablet that still holds the older copy takes the corrected date too.
    const late = paper(day.id, { 'work-situation': 3 });
    expect((await sync([day, late])).map((result) => result.status)).toEqual(['duplicate', 'stored']);
    // A correction of the place alone moves no questionnaire.
    const place = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 2, date: '2026-05-16', place: 'Marktplatz Bensberg', stadtteil: day.stadtteil } });
    expect(place.json()).toMatchObject({ papersMoved: 0 });
    expect((await audit('market_day_corrected'))[0]!.details.papersMoved).toBeUndefined();
  });

  it('keeps the correction when a tablet with the older copy syncs later: its market day is a duplicate, its new notes follow, its edits of moved notes meet version_conflict', async () => {
    const day = buildMarketDayItem({ stadtteil: 'bensberg' });
    const note = buildNoteItem({ marketDayId: day.id, stadtteil: 'bensberg' });
    await sync([day, note]);
    const corrected = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 1, date: day.date, place: day.place, stadtteil: 'refrath' } });
    expect(corrected.statusCode, corrected.body).toBe(200);

    // The tablet was offline: it resends its market day as it first sent it, a note captured
    // with the old Stadtteil, one a resident named another Stadtteil for, and an edit of the earlier note.
    const late = buildNoteItem({ marketDayId: day.id, stadtteil: 'bensberg' });
    const elsewhere = buildNoteItem({ marketDayId: day.id, stadtteil: 'gronau' });
    const edit = { ...note, text: `${note.text} (ergänzt)`, baseVersion: 1 };
    const results = await sync([day, late, elsewhere, edit]);
    expect(results.map((result) => result.status)).toEqual(['duplicate', 'stored', 'stored', 'conflict']);
    expect(results[3]).toMatchObject({ version: 2, error: { code: 'version_conflict' }, current: { stadtteil: 'refrath' } });

    const [listed] = await list();
    expect(listed).toMatchObject({ stadtteil: 'refrath', version: 2 });
    const notes = (await staff.inject({ method: 'GET', url: `/api/stall/market-days/${day.id}/notes` })).json<{ notes: Array<{ id: string; stadtteil: string | null }> }>().notes;
    const stadtteilOf = Object.fromEntries(notes.map((row) => [row.id, row.stadtteil]));
    expect(stadtteilOf).toEqual({ [note.id]: 'refrath', [late.id]: 'refrath', [elsewhere.id]: 'gronau' });
    // Sent once more (its answer lost), the late note is a duplicate, still under the correction.
    expect((await sync([late]))[0]!.status).toBe('duplicate');
  });

  it('leaves a Stadtteil a moderator reviewed where it is', async () => {
    const day = buildMarketDayItem({ stadtteil: 'bensberg' });
    const [followed, reviewed] = [buildNoteItem({ marketDayId: day.id, stadtteil: 'bensberg' }), buildNoteItem({ marketDayId: day.id, stadtteil: 'bensberg' })];
    await sync([day, followed, reviewed]);
    const review = await admin.inject({ method: 'POST', url: `/api/admin/processes/${STALL_PROCESS}/contributions/${reviewed.id}/review`, payload: { version: 1, fieldsOfAction: ['bildung'], stadtteil: 'bensberg' } });
    expect(review.statusCode, review.body).toBe(204);
    const response = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 1, date: day.date, place: day.place, stadtteil: 'refrath' } });
    expect(response.json()).toMatchObject({ notesMoved: 1 });
    const notes = (await staff.inject({ method: 'GET', url: `/api/stall/market-days/${day.id}/notes` })).json<{ notes: Array<{ id: string; stadtteil: string | null }> }>().notes;
    expect(Object.fromEntries(notes.map((row) => [row.id, row.stadtteil]))).toEqual({ [followed.id]: 'refrath', [reviewed.id]: 'bensberg' });
  });

  it('refuses a correction from an older version, and answers 404 for a market day not of this process', async () => {
    const day = buildMarketDayItem();
    await sync([day]);
    const first = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 1, date: day.date, place: 'Marktplatz Bensberg', stadtteil: 'bensberg' } });
    expect(first.statusCode).toBe(200);
    const stale = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 1, date: '2026-01-01', place: 'Anderswo', stadtteil: 'gronau' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { current: { version: 2, place: 'Marktplatz Bensberg' } } });
    expect(stale.json().error.message).toMatch(/inzwischen geändert/);
    expect((await list())[0]).toMatchObject({ place: 'Marktplatz Bensberg', stadtteil: 'bensberg' });

    const missing = await admin.inject({ method: 'PATCH', url: `${base()}/${randomUUID()}`, payload: { baseVersion: 1, date: day.date, place: 'x', stadtteil: null } });
    expect(missing.statusCode).toBe(404);
    const other = buildProcess(t.db);
    const elsewhere = await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${other}/market-days/${day.id}`, payload: { baseVersion: 2, date: day.date, place: 'x', stadtteil: null } });
    expect(elsewhere.statusCode).toBe(404);
    expect((await admin.inject({ method: 'DELETE', url: `/api/admin/processes/${other}/market-days/${day.id}` })).statusCode).toBe(404);
    expect((await admin.inject({ method: 'GET', url: `/api/admin/processes/${other}/market-days` })).json()).toEqual({ marketDays: [] });
    const invalid = await admin.inject({ method: 'PATCH', url: `${base()}/${day.id}`, payload: { baseVersion: 2, date: '13.06.2026', place: '', stadtteil: null } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBeTruthy();
  });

  it('removes only a market day with nothing captured, with a German 409 otherwise, audited', async () => {
    const empty = randomUUID();
    await admin.inject({ method: 'POST', url: base(), payload: { id: empty, date: '2026-07-04', place: 'Versehen', stadtteil: null } });
    const withNote = buildMarketDayItem();
    const withDots = buildMarketDayItem({ date: '2026-05-10' });
    await sync([withNote, buildNoteItem({ marketDayId: withNote.id }), withDots, buildDotVoteItem(withDots.id)]);

    const refused = await admin.inject({ method: 'DELETE', url: `${base()}/${withNote.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'market_day_in_use', details: { notes: 1, papers: 0, dotVotes: 0, posters: 0 } });
    expect(refused.json().error.message).toMatch(/^Auf diesem Markttag ist schon etwas erfasst \(1 Notizen/);
    expect((await admin.inject({ method: 'DELETE', url: `${base()}/${withDots.id}` })).statusCode).toBe(409);

    const removed = await admin.inject({ method: 'DELETE', url: `${base()}/${empty}` });
    expect(removed.statusCode).toBe(204);
    expect((await list()).map((day) => day.id).sort()).toEqual([withNote.id, withDots.id].sort());
    expect((await tabletList()).some((day) => day.id === empty)).toBe(false);
    expect((await admin.inject({ method: 'DELETE', url: `${base()}/${empty}` })).statusCode).toBe(404);

    const [entry] = await audit('market_day_removed');
    expect(entry).toMatchObject({ entityId: empty, details: { date: '2026-07-04', place: 'Versehen' }, subject: { name: '2026-07-04 · Versehen', deleted: true } });
  });

  it('remembers a removed market day: a tablet’s resend and whatever names it are refused with market_day_removed, nothing is created again', async () => {
    const day = buildMarketDayItem({ place: 'Versehen angelegt' });
    await sync([day]);
    const removed = await admin.inject({ method: 'DELETE', url: `${base()}/${day.id}` });
    expect(removed.statusCode, removed.body).toBe(204);

    // A tablet that listed it before (or created it offline) sends it again, in the current and the
    // version-1 form, with a note, a dot vote and a paper questionnaire captured on it meanwhile.
    const note = buildNoteItem({ marketDayId: day.id });
    const paper = { type: 'paperResponse', id: randomUUID(), marketDayId: day.id, response: { surveyVersion: 1, language: 'de', answers: {} } };
    const { stadtteil, ...rest } = day;
    const version1 = { ...rest, type: 'session', district: stadtteil };
    const results = await sync([day, version1, note, buildDotVoteItem(day.id), paper]);
    expect(results.map((result) => [result.status, result.error?.code])).toEqual(Array.from({ length: 5 }, () => ['conflict', 'market_day_removed']));
    expect(results[0]!.error).toMatchObject({ message: expect.stringMatching(/removed/), details: { marketDayId: day.id, removedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) } });
    // Sent once more, it is refused again, never stored.
    expect((await sync([day, note]))[1]!.error?.code).toBe('market_day_removed');
    expect(await list()).toEqual([]);
    expect((await tabletList()).some((listed) => listed.id === day.id)).toBe(false);
    expect(t.db.$client.prepare('select (select count(*) from contributions) notes, (select count(*) from responses) papers, (select count(*) from dot_votes) dots').get()).toEqual({ notes: 0, papers: 0, dots: 0 });
    // Nor can the admin page plan it again under its id.
    const replanned = await admin.inject({ method: 'POST', url: base(), payload: { id: day.id, date: day.date, place: day.place, stadtteil: day.stadtteil } });
    expect(replanned.statusCode).toBe(409);
    expect(replanned.json().error).toMatchObject({ code: 'market_day_removed', message: expect.stringMatching(/entfernt/) });
    // A market day never stored is still only unknown: the tablet sends it first.
    expect((await sync([buildNoteItem({ marketDayId: randomUUID() })]))[0]).toMatchObject({ status: 'invalid', error: { code: 'unknown_market_day' } });
  });

  describe('merging a market day created twice', () => {
    const merge = (id: string, into: string, agent = admin) => agent.inject({ method: 'POST', url: `${base()}/${id}/merge`, payload: { into } });
    const paper = (marketDayId: string) => ({ type: 'paperResponse', id: randomUUID(), marketDayId, response: { surveyVersion: 1, language: 'de', answers: { 'work-situation': 2 } } });
    const rowsNaming = (id: string) =>
      t.db.$client
        .prepare('select (select count(*) from contributions where market_day_id = @id) notes, (select count(*) from responses where market_day_id = @id) papers, (select count(*) from dot_votes where market_day_id = @id) dots')
        .get({ id });

    it('files everything captured on it under the other, in every figure, audited; a tablet that still holds it goes on syncing onto the other', async () => {
      // Two tablets without network at the same stall: one created the market day right, the other under another Stadtteil and a day late.
      const kept = buildMarketDayItem({ stadtteil: 'bensberg', staff: ['Aylin'] });
      const twice = buildMarketDayItem({ date: '2026-05-10', stadtteil: 'gronau', staff: ['Jonas'] });
      const keptNotes = Array.from({ length: 5 }, () => buildNoteItem({ marketDayId: kept.id, stadtteil: 'bensberg' }));
      const defaulted = Array.from({ length: 5 }, () => buildNoteItem({ marketDayId: twice.id, stadtteil: 'gronau' }));
      // Five a resident placed in another Stadtteil (figures under 5 are suppressed).
      const named = Array.from({ length: 5 }, () => buildNoteItem({ marketDayId: twice.id, stadtteil: 'refrath' }));
      const keptDots = [buildDotVoteItem(kept.id), buildDotVoteItem(kept.id)];
      const twiceDots = [buildDotVoteItem(twice.id), buildDotVoteItem(twice.id, { option: 'bildung' }), buildDotVoteItem(twice.id)];
      const twicePaper = paper(twice.id);
      expect((await sync([kept, twice, ...keptNotes, ...defaulted, ...named, ...keptDots, ...twiceDots, paper(kept.id), twicePaper])).every((result) => result.status === 'stored')).toBe(true);
      expect(await byStadtteil()).toMatchObject({ bensberg: 5, gronau: 5, refrath: 5 });
      const poster = await staff.inject({ method: 'POST', url: `/api/processes/${STALL_PROCESS}/posters`, payload: { marketDayId: twice.id, languages: ['de'] } });
      expect(poster.statusCode, poster.body).toBe(201);

      const response = await merge(twice.id, kept.id);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        moved: { notes: 10, papers: 1, dotVotes: 3, posters: 1 },
        marketDay: { id: kept.id, date: kept.date, stadtteil: 'bensberg', staff: ['Aylin', 'Jonas'], version: 2, noteCount: 15, paperCount: 2, dotVoteCount: 5 },
      });

      // One market day left, in the admin list and on the tablets; the notes filed under the other's Stadtteil went along, the one a resident placed stayed.
      expect((await list()).map((day) => day.id)).toEqual([kept.id]);
      const tablet = (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${STALL_PROCESS}` })).json<{ marketDays: MarketDay[]; merged: Array<{ id: string; into: string }> }>();
      expect(tablet.marketDays.map((day) => day.id)).toEqual([kept.id]);
      expect(tablet.marketDays[0]).toMatchObject({ tally: { arbeit: 4, bildung: 1 }, paperCount: 2 });
      expect(tablet.merged).toEqual([{ id: twice.id, into: kept.id }]);
      const afterMerge = await byStadtteil();
      expect(afterMerge).toMatchObject({ bensberg: 10, refrath: 5 });
      expect(afterMerge.gronau ?? null).toBeNull();
      expect(rowsNaming(twice.id)).toEqual({ notes: 0, papers: 0, dots: 0 });
      // The poster hangs at the kept market day, in its Stadtteil; one ordered later from the tablet's copy too.
      expect(t.db.$client.prepare('select market_day_id day, stadtteil_key stadtteil from posters').all()).toEqual([{ day: kept.id, stadtteil: 'bensberg' }]);
      const latePoster = await staff.inject({ method: 'POST', url: `/api/processes/${STALL_PROCESS}/posters`, payload: { marketDayId: twice.id, languages: ['de'] } });
      expect(latePoster.statusCode, latePoster.body).toBe(201);
      expect(t.db.$client.prepare('select count(*) n from posters where market_day_id = ?').get(kept.id)).toEqual({ n: 2 });
      // The questionnaire typed in on the other day takes the kept one's day, as a corrected date would give it.
      const days = t.db.$client.prepare('select id, submitted_on day from responses').all() as Array<{ id: string; day: string }>;
      expect(days.every((row) => row.day === kept.date)).toBe(true);

      const [entry] = await audit('market_day_merged');
      expect(entry).toMatchObject({ entity: 'market_day', entityId: kept.id, details: { process: STALL_PROCESS, merged: '2026-05-10 · Wochenmarkt Bensberg', notes: 10, papers: 1, dotVotes: 3, posters: 1 } });

      // The second tablet comes back online with its copy: what it sent before is a duplicate, what it captured since lands on the kept market day.
      const late = buildNoteItem({ marketDayId: twice.id, stadtteil: 'gronau' });
      const lateDot = buildDotVoteItem(twice.id);
      const latePaper = paper(twice.id);
      const edit = { ...named[0]!, text: `${named[0]!.text} (ergänzt)`, baseVersion: 1 };
      const results = await sync([twice, defaulted[0]!, twiceDots[0]!, twicePaper, late, lateDot, latePaper, edit]);
      expect(results.map((result) => result.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored', 'stored', 'stored', 'stored']);
      expect(rowsNaming(twice.id)).toEqual({ notes: 0, papers: 0, dots: 0 });
      expect(rowsNaming(kept.id)).toEqual({ notes: 16, papers: 3, dots: 6 });
      const notes = (await staff.inject({ method: 'GET', url: `/api/stall/market-days/${kept.id}/notes` })).json<{ notes: Array<{ id: string; stadtteil: string | null; text: string }> }>().notes;
      expect(notes.find((note) => note.id === late.id)).toMatchObject({ stadtteil: 'bensberg' });
      expect(notes.find((note) => note.id === named[0]!.id)).toMatchObject({ stadtteil: 'refrath', text: expect.stringMatching(/\(ergänzt\)$/) });
      expect((await staff.inject({ method: 'GET', url: `/api/stall/market-days/${twice.id}/notes` })).statusCode).toBe(404);
      // Nor can it be planned again under its id.
      expect((await admin.inject({ method: 'POST', url: base(), payload: { id: twice.id, date: twice.date, place: twice.place, stadtteil: twice.stadtteil } })).statusCode).toBe(409);
    });

    it('follows a market day merged twice over: what names the first lands on the last', async () => {
      const [first, second, last] = [buildMarketDayItem(), buildMarketDayItem(), buildMarketDayItem()];
      await sync([first, second, last, buildNoteItem({ marketDayId: first.id })]);
      expect((await merge(first.id, second.id)).statusCode).toBe(200);
      expect((await merge(second.id, last.id)).statusCode).toBe(200);
      const note = buildNoteItem({ marketDayId: first.id });
      expect((await sync([note, buildDotVoteItem(first.id)])).map((result) => result.status)).toEqual(['stored', 'stored']);
      expect(rowsNaming(last.id)).toEqual({ notes: 2, papers: 0, dots: 1 });
      const merged = (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${STALL_PROCESS}` })).json<{ merged: Array<{ id: string; into: string }> }>().merged;
      expect(merged.sort((a, b) => a.id.localeCompare(b.id))).toEqual([{ id: first.id, into: last.id }, { id: second.id, into: last.id }].sort((a, b) => a.id.localeCompare(b.id)));
    });

    it('refuses a merge with itself, with a market day not in the process, by staff, and of dot votes the other board does not offer, and changes nothing', async () => {
      const board = { question: 'Was fehlt im Stadtteil?', options: [{ key: 'option-1', label: 'Treffpunkt' }, { key: 'option-2', label: 'Sprachcafé' }] };
      const poster = buildMarketDayItem({ board });
      const fields = buildMarketDayItem();
      await sync([poster, fields, buildDotVoteItem(poster.id, { option: 'option-1' }), buildDotVoteItem(fields.id, { option: 'arbeit' }), buildNoteItem({ marketDayId: fields.id })]);
      const before = [rowsNaming(poster.id), rowsNaming(fields.id)];

      const itself = await merge(fields.id, fields.id);
      expect(itself.statusCode).toBe(400);
      expect(itself.json().error.code).toBe('same_market_day');
      expect((await merge(fields.id, randomUUID())).statusCode).toBe(404);
      expect((await merge(randomUUID(), fields.id)).statusCode).toBe(404);
      expect((await merge(fields.id, 'kein-markttag')).statusCode).toBe(400);
      expect((await merge(fields.id, poster.id, staff)).statusCode).toBe(403);
      for (const [from, into, option] of [[poster.id, fields.id, 'option-1'], [fields.id, poster.id, 'arbeit']] as const) {
        const refused = await merge(from, into);
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error).toMatchObject({ code: 'market_day_boards_differ', message: expect.stringMatching(/Klebepunkte/), details: { options: [option] } });
      }
      expect([rowsNaming(poster.id), rowsNaming(fields.id)]).toEqual(before);
      expect(await list()).toHaveLength(2);
      expect(await audit('market_day_merged')).toEqual([]);
    });
  });
});
