import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import { adversarialInputs } from '../../scripts/bench/masking.ts';
import { recordContribution } from '../../server/features/contributions/contributions.service.ts';
import type { SyncResult } from '../../shared/api/stall.ts';
import { RECEIPT_ALPHABET, RECEIPT_LENGTH } from '../../shared/receipts/code.ts';
import { buildDotVoteItem, buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';


/** A receipt code in stored form (shared/receipts/code.ts). */
const RECEIPT = new RegExp(`^[${RECEIPT_ALPHABET}]{${RECEIPT_LENGTH}}$`);
describe('stall sync API', () => {
  let t: TestApp;
  let staff: Agent;
  let baseUrl: string;

  beforeAll(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'staff' });
    staff = await signIn(t.app, user.username, user.password);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const count = (sql: string, ...params: unknown[]) => (t.db.$client.prepare(sql).get(...params) as { n: number }).n;

  async function sync(items: unknown[], agent: Agent = staff): Promise<SyncResult[]> {
    const response = await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  }

  /** Sends over real HTTP, so parallel requests really overlap in the server. */
  function httpSync(items: unknown[], url = baseUrl) {
    return fetch(`${url}/api/stall/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: staff.cookie, 'x-csrf-token': staff.csrfToken },
      body: JSON.stringify({ items }),
    });
  }

  const statuses = (results: SyncResult[]) => results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

  it('lists a market day\'s notes with their version: as captured for the capturing account, masked and not editable for others', async () => {
    const marketDay = buildMarketDayItem();
    const mine = buildNoteItem({ marketDayId: marketDay.id, text: 'Bitte rufen Sie mich an: 0171 2345678', fieldsOfAction: ['arbeit'], kind: null });
    await sync([marketDay, mine]);
    const own = await staff.inject({ method: 'GET', url: `/api/stall/market-days/${marketDay.id}/notes` });
    expect(own.statusCode).toBe(200);
    expect(own.json().notes).toEqual([
      { id: mine.id, channel: 'stall', text: mine.text, kind: null, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg', ageBand: null, language: null, capturedOn: '2026-05-09', version: 1, editable: true, receipt: expect.stringMatching(RECEIPT) },
    ]);
    const other = await buildUser(t.db, { role: 'staff' });
    const notes = (await (await signIn(t.app, other.username, other.password)).inject({ method: 'GET', url: `/api/stall/market-days/${marketDay.id}/notes` })).json().notes;
    expect(notes[0]).toMatchObject({ editable: false });
    expect(notes[0].text).not.toContain('2345678');
    expect((await staff.inject({ method: 'GET', url: `/api/stall/market-days/${randomUUID()}/notes` })).statusCode).toBe(404);
    expect((await staff.inject({ method: 'GET', url: '/api/stall/market-days/not-a-uuid/notes' })).statusCode).toBe(400);
  });

  it('reads a note without a conversation language in the language it is written in', async () => {
    const note = buildNoteItem({ text: 'Oğlum iki yıldır çıraklık yeri arıyor ama bulamıyor.', fieldsOfAction: [] });
    await sync([note]);
    expect(t.db.$client.prepare("select field_key from contribution_tags where contribution_id = ? and source = 'suggested'").all(note.id)).toContainEqual({ field_key: 'arbeit' });
    const suggested = await t.app.inject({ method: 'POST', url: '/api/suggest', payload: { text: 'أبحث عن عمل منذ سنتين ولا أجد شيئاً' } });
    expect(suggested.statusCode).toBe(200);
    expect(suggested.json().fieldsOfAction[0].key).toBe('arbeit');
  });

  it('gives an Arabic note with no language set field suggestions, in the moderation queue and from the suggest route', async () => {
    const text = 'ابني لا يجد مكان تدريب مهني منذ سنة، والمدرسة لا تساعده';
    const note = buildNoteItem({ text, fieldsOfAction: [] });
    expect(note).not.toHaveProperty('language');
    await sync([note]);
    const suggested = t.db.$client.prepare("select field_key from contribution_tags where contribution_id = ? and source = 'suggested'").all(note.id);
    expect(suggested).toContainEqual({ field_key: 'arbeit' });
    const admin = await buildUser(t.db, { role: 'admin' });
    const moderator = await signIn(t.app, admin.username, admin.password);
    const queue = await moderator.inject({ method: 'GET', url: `/api/admin/processes/${DEFAULT_PROCESS_SLUG}/moderation?state=needs_review&limit=200` });
    expect(queue.statusCode, queue.body).toBe(200);
    const item = queue.json().items.find((entry: { id: string }) => entry.id === note.id);
    expect(item.suggestion.fieldsOfAction.map((field: { key: string }) => field.key)).toEqual(expect.arrayContaining(['arbeit']));
    expect(item.suggestion.fieldsOfAction[0].because.length).toBeGreaterThan(0);
    const route = await t.app.inject({ method: 'POST', url: '/api/suggest', payload: { text } });
    expect(route.json().fieldsOfAction.map((field: { key: string }) => field.key).slice(0, 2)).toEqual(expect.arrayContaining(['arbeit']));
  });

  it('stores a note nobody classified without a kind', async () => {
    const { kind: _kind, ...unclassified } = buildNoteItem({ text: 'Ohne Art erfasst' });
    expect(statuses(await sync([unclassified, buildNoteItem({ text: 'Art ausdrücklich offen', kind: null })]))).toEqual({ stored: 2 });
    expect(t.db.$client.prepare("select kind from contributions where text in ('Ohne Art erfasst', 'Art ausdrücklich offen')").all()).toEqual([{ kind: null }, { kind: null }]);
  });

  it('answers 401 without a session and 403 for a working group', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [buildNoteItem()] } });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthorized');
    const wg = await buildUser(t.db, { role: 'working_group' });
    const agent = await signIn(t.app, wg.username, wg.password);
    const forbidden = await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [buildNoteItem()] } });
    expect(forbidden.statusCode).toBe(403);
  });

  it('stores a market day and its notes as contributions of channel stall, dated to the day in Berlin', async () => {
    const marketDay = buildMarketDayItem();
    // 22:30 UTC is already the next day in Berlin (summer time).
    const note = buildNoteItem({ marketDayId: marketDay.id, capturedAt: '2026-05-09T22:30:00.000Z', fieldsOfAction: ['arbeit', 'bildung'], ageBand: '30-49', language: 'tr', kind: 'concern' });
    expect(await sync([marketDay, note])).toEqual([
      { id: marketDay.id, status: 'stored' },
      { id: note.id, status: 'stored', version: 1, receipt: expect.stringMatching(RECEIPT) },
    ]);
    const row = t.db.$client.prepare('select * from contributions where id = ?').get(note.id) as Record<string, unknown>;
    expect(row).toMatchObject({
      channel: 'stall',
      market_day_id: marketDay.id,
      kind: 'concern',
      text: note.text,
      captured_on: '2026-05-10',
      stadtteil_key: 'bensberg',
      stadtteil_source: 'staff',
      age_band: '30-49',
      language: 'tr',
      version: 1,
    });
    const tags = t.db.$client.prepare('select field_key, source from contribution_tags where contribution_id = ? order by field_key').all(note.id);
    expect(tags).toEqual([
      { field_key: 'arbeit', source: 'staff' },
      { field_key: 'bildung', source: 'staff' },
    ]);
    const stall = t.db.$client.prepare('select place, stadtteil_key, staff, date from market_days where id = ?').get(marketDay.id);
    expect(stall).toEqual({ place: 'Wochenmarkt Bensberg', stadtteil_key: 'bensberg', staff: '["Aylin","Jonas"]', date: '2026-05-09' });
  });

  it('stores a batch of 500 notes sent twice as 500 rows; the second time all are duplicates', async () => {
    const marketDay = buildMarketDayItem();
    const notes = Array.from({ length: 500 }, () => buildNoteItem({ marketDayId: marketDay.id }));
    expect(statuses(await sync([marketDay, ...notes]))).toEqual({ stored: 501 });
    expect(statuses(await sync([marketDay, ...notes]))).toEqual({ duplicate: 501 });
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDay.id)).toBe(500);
  });

  it('stores a batch whose answer was lost after the commit once, and the resend finds duplicates', async () => {
    // A proxy that forwards the request and hangs up as soon as the answer starts: the
    // server has committed, the tablet never hears of it.
    const proxy: Server = createServer((client) => {
      const upstream = connect(Number(new URL(baseUrl).port), '127.0.0.1');
      client.pipe(upstream);
      upstream.once('data', () => {
        client.destroy();
        upstream.destroy();
      });
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const marketDay = buildMarketDayItem();
      const notes = Array.from({ length: 500 }, () => buildNoteItem({ marketDayId: marketDay.id }));
      await expect(httpSync([marketDay, ...notes], proxyUrl)).rejects.toThrow();
      expect(count('select count(*) n from contributions where market_day_id = ?', marketDay.id)).toBe(500);
      const again = await httpSync([marketDay, ...notes]);
      expect(again.status).toBe(200);
      expect(statuses((await again.json()).results)).toEqual({ duplicate: 501 });
      expect(count('select count(*) n from contributions where market_day_id = ?', marketDay.id)).toBe(500);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('stores 100 notes once when 10 parallel requests carry the same 100 UUIDs, without a 5xx', async () => {
    const marketDay = buildMarketDayItem();
    await sync([marketDay]);
    const notes = Array.from({ length: 100 }, () => buildNoteItem({ marketDayId: marketDay.id }));
    const responses = await Promise.all(Array.from({ length: 10 }, () => httpSync(notes)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    const results = (await Promise.all(responses.map(async (r) => (await r.json()).results as SyncResult[]))).flat();
    expect(statuses(results)).toEqual({ stored: 100, duplicate: 900 });
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDay.id)).toBe(100);
  });

  it('answers conflict for a changed body under a stored id and keeps the original', async () => {
    const marketDay = buildMarketDayItem();
    const note = buildNoteItem({ marketDayId: marketDay.id, text: 'Der Spielplatz braucht Schatten' });
    await sync([marketDay, note]);
    const [changedNote, changedSession] = await sync([{ ...note, text: 'Etwas ganz anderes' }, { ...marketDay, place: 'Rathaus' }]);
    expect(changedNote).toMatchObject({ id: note.id, status: 'conflict', version: 1, error: { code: 'id_conflict' } });
    expect(changedSession).toMatchObject({ id: marketDay.id, status: 'conflict', error: { code: 'id_conflict' } });
    expect(t.db.$client.prepare('select text, version from contributions where id = ?').get(note.id)).toEqual({ text: 'Der Spielplatz braucht Schatten', version: 1 });
    expect(t.db.$client.prepare('select place from market_days where id = ?').get(marketDay.id)).toEqual({ place: 'Wochenmarkt Bensberg' });
  });

  it('judges each item alone: invalid items name their problem, the others are stored', async () => {
    const marketDay = buildMarketDayItem();
    const good = buildNoteItem({ marketDayId: marketDay.id });
    const unknownField = buildNoteItem({ fieldsOfAction: ['raumfahrt'] });
    const unknownDistrict = buildNoteItem({ stadtteil: 'atlantis' });
    const extraKey = { ...buildNoteItem(), email: 'someone@example.org' };
    const noText = { ...buildNoteItem(), text: '   ' };
    const orphan = buildNoteItem({ marketDayId: buildMarketDayItem().id });
    const unknownType = { type: 'selfie', id: 'f6c1ad1e-3e3b-4f4e-9a4a-5cba6a7f0c01' };
    const results = await sync([marketDay, good, unknownField, unknownDistrict, extraKey, noText, orphan, unknownType]);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([
      ['stored', undefined],
      ['stored', undefined],
      ['invalid', 'unknown_field_of_action'],
      ['invalid', 'unknown_stadtteil'],
      ['invalid', 'validation_failed'],
      ['invalid', 'validation_failed'],
      ['invalid', 'unknown_market_day'],
      ['invalid', 'validation_failed'],
    ]);
    expect(results[4]!.error!.details).toEqual([expect.objectContaining({ path: '' })]);
    expect(results[5]!.error!.details).toEqual([expect.objectContaining({ path: 'text' })]);
    expect(count('select count(*) n from contributions where id in (?, ?, ?, ?, ?)', unknownField.id, unknownDistrict.id, extraKey.id, noText.id, orphan.id)).toBe(0);
  });

  it('accepts batches of tablets of version 1 (session, sessionId, district) and of the current app alike, the same item under either names as a duplicate', async () => {
    const marketDayId = randomUUID();
    const [noteId, voteId, paperId] = [randomUUID(), randomUUID(), randomUUID()];
    // Exactly as version 1 of the tablet app sends them, field names and all.
    const version1 = [
      { type: 'session', id: marketDayId, processSlug: t.slug, date: '2026-05-09', place: 'Wochenmarkt Refrath', district: 'refrath', staff: ['Aylin'] },
      { type: 'note', id: noteId, processSlug: t.slug, sessionId: marketDayId, channel: 'stall', text: 'Von einem alten Tablet', kind: 'idea', fieldsOfAction: ['arbeit'], district: 'refrath', capturedAt: '2026-05-09T09:00:00.000Z' },
      { type: 'dotVote', id: voteId, sessionId: marketDayId, option: 'arbeit', delta: 1 },
      { type: 'paperResponse', id: paperId, sessionId: marketDayId, response: { surveyVersion: 1, language: 'de', answers: { 'work-situation': 4 } } },
    ];
    expect((await sync(version1)).map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    expect(t.db.$client.prepare('select market_day_id as marketDay, submitted_on as day from responses where client_id = ?').get(paperId)).toEqual({ marketDay: marketDayId, day: '2026-05-09' });
    expect(t.db.$client.prepare('select stadtteil_key as stadtteil, place from market_days where id = ?').get(marketDayId)).toEqual({ stadtteil: 'refrath', place: 'Wochenmarkt Refrath' });
    expect(t.db.$client.prepare('select stadtteil_key as stadtteil, market_day_id as marketDay from contributions where id = ?').get(noteId)).toEqual({ stadtteil: 'refrath', marketDay: marketDayId });
    expect(count('select count(*) n from dot_votes where market_day_id = ?', marketDayId)).toBe(1);

    // The same items as the current app names them: duplicates, nothing stored twice.
    const current = [
      { type: 'marketDay', id: marketDayId, processSlug: t.slug, date: '2026-05-09', place: 'Wochenmarkt Refrath', stadtteil: 'refrath', staff: ['Aylin'] },
      { type: 'note', id: noteId, processSlug: t.slug, marketDayId, channel: 'stall', text: 'Von einem alten Tablet', kind: 'idea', fieldsOfAction: ['arbeit'], stadtteil: 'refrath', capturedAt: '2026-05-09T09:00:00.000Z' },
      { type: 'dotVote', id: voteId, marketDayId, option: 'arbeit', delta: 1 },
      { type: 'paperResponse', id: paperId, marketDayId, response: { surveyVersion: 1, language: 'de', answers: { 'work-situation': 4 } } },
    ];
    expect((await sync(current)).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(count('select count(*) n from responses where market_day_id = ?', marketDayId)).toBe(1);
    expect(count('select count(*) n from contributions where market_day_id = ?', marketDayId)).toBe(1);
    expect(count('select count(*) n from dot_votes where market_day_id = ?', marketDayId)).toBe(1);
    // And a new batch in the current names stores as before.
    const fresh = buildMarketDayItem({ stadtteil: 'gronau' });
    expect((await sync([fresh, buildNoteItem({ marketDayId: fresh.id })])).map((r) => r.status)).toEqual(['stored', 'stored']);

    // An item names each thing once: both names at a time is invalid, and so is neither.
    const both = await sync([{ ...buildNoteItem({ stadtteil: 'gronau' }), district: 'gronau' }, { ...buildDotVoteItem(marketDayId), sessionId: marketDayId }]);
    expect(both.map((r) => [r.status, r.error?.code])).toEqual([
      ['invalid', 'validation_failed'],
      ['invalid', 'validation_failed'],
    ]);
    const { stadtteil: _stadtteil, ...withoutStadtteil } = buildNoteItem();
    expect((await sync([withoutStadtteil]))[0]).toMatchObject({ status: 'invalid', error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'stadtteil' })] } });

    // Version 1 reads its market days and notes at the old addresses, under the old names.
    const listed = (await staff.inject({ method: 'GET', url: `/api/stall/sessions?processSlug=${t.slug}` })).json() as { sessions: Array<Record<string, unknown>> };
    expect(listed.sessions.find((day) => day.id === marketDayId)).toMatchObject({ place: 'Wochenmarkt Refrath', district: 'refrath', noteCount: 1, tally: { arbeit: 1 } });
    expect(listed.sessions.find((day) => day.id === marketDayId)).not.toHaveProperty('stadtteil');
    const notes = (await staff.inject({ method: 'GET', url: `/api/stall/sessions/${marketDayId}/notes` })).json() as { notes: Array<Record<string, unknown>> };
    expect(notes.notes).toEqual([expect.objectContaining({ id: noteId, district: 'refrath', version: 1 })]);
    const currentList = (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}` })).json() as { marketDays: Array<Record<string, unknown>> };
    expect(currentList.marketDays.find((day) => day.id === marketDayId)).toMatchObject({ stadtteil: 'refrath', noteCount: 1 });
    // The API document marks the old addresses as deprecated.
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs' })).json() as { paths: Record<string, { get: { deprecated?: boolean } }> };
    expect(docs.paths['/api/stall/sessions']!.get.deprecated).toBe(true);
    expect(docs.paths['/api/stall/sessions/{id}/notes']!.get.deprecated).toBe(true);
    expect(docs.paths['/api/stall/market-days']!.get.deprecated).toBeUndefined();
  });

  it('names, of the notes a tablet asks about (sent, answer not come), those each market day holds in its count, and nothing when asked about none', async () => {
    const [day, otherDay] = [buildMarketDayItem(), buildMarketDayItem()];
    const [stored, onOther, neverArrived] = [buildNoteItem({ marketDayId: day.id }), buildNoteItem({ marketDayId: otherDay.id }), buildNoteItem({ marketDayId: day.id })];
    await sync([day, otherDay, stored, onOther]);
    // The tablet holds three notes it sent once: two reached the server, one (neverArrived) did not.
    const asked = [stored.id, onOther.id, neverArrived.id].join(',');
    const list = await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}&sentNotes=${asked}` });
    expect(list.statusCode, list.body).toBe(200);
    const byId = (id: string) => (list.json().marketDays as Array<{ id: string }>).find((listed) => listed.id === id);
    expect(byId(day.id)).toMatchObject({ noteCount: 1, countedNoteIds: [stored.id] });
    expect(byId(otherDay.id)).toMatchObject({ noteCount: 1, countedNoteIds: [onOther.id] });
    // Asked about none, no market day carries the field; a market day without any of them neither.
    const plain = (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}` })).json().marketDays as Array<Record<string, unknown>>;
    expect(plain.some((listed) => 'countedNoteIds' in listed)).toBe(false);
    const onlyOther = (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}&sentNotes=${onOther.id}` })).json().marketDays as Array<Record<string, unknown>>;
    expect(onlyOther.find((listed) => listed.id === day.id)).not.toHaveProperty('countedNoteIds');
    // Not an id, or more than a batch's worth: a 400, never a 500.
    for (const sentNotes of ['kein-uuid', Array.from({ length: 101 }, () => randomUUID()).join(',')]) {
      const refused = await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}&sentNotes=${sentNotes}` });
      expect(refused.statusCode, sentNotes.slice(0, 20)).toBe(400);
      expect(refused.json().error.code).toBe('validation_failed');
    }
  });

  it('names, of the Klebepunkte a tablet asks about (sent, answer not come), those each market day\'s tally counts, and refuses a bad list', async () => {
    const [day, otherDay] = [buildMarketDayItem(), buildMarketDayItem()];
    const [counted, withdrawn, onOther, neverArrived] = [
      buildDotVoteItem(day.id, { option: 'bildung' }),
      buildDotVoteItem(day.id, { option: 'bildung', delta: -1 }),
      buildDotVoteItem(otherDay.id, { option: 'arbeit' }),
      buildDotVoteItem(day.id, { option: 'bildung' }),
    ];
    await sync([day, otherDay, buildDotVoteItem(day.id, { option: 'bildung' }), buildDotVoteItem(day.id, { option: 'bildung' }), counted, withdrawn, onOther]);
    // Asked in upper case, as an id may travel: the same dots.
    const asked = [counted.id.toUpperCase(), withdrawn.id, onOther.id, neverArrived.id].join(',');
    const list = await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}&sentDotVotes=${asked}` });
    expect(list.statusCode, list.body).toBe(200);
    const byId = (id: string) => (list.json().marketDays as Array<{ id: string; countedDotVoteIds?: string[] }>).find((listed) => listed.id === id);
    expect(byId(day.id)).toMatchObject({ tally: { bildung: 2 } });
    expect(byId(day.id)!.countedDotVoteIds!.sort()).toEqual([counted.id, withdrawn.id].sort());
    expect(byId(otherDay.id)).toMatchObject({ tally: { arbeit: 1 }, countedDotVoteIds: [onOther.id] });
    const plain = (await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}` })).json().marketDays as Array<Record<string, unknown>>;
    expect(plain.some((listed) => 'countedDotVoteIds' in listed)).toBe(false);
    for (const sentDotVotes of ['kein-uuid', Array.from({ length: 101 }, () => randomUUID()).join(',')]) {
      const refused = await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}&sentDotVotes=${sentDotVotes}` });
      expect(refused.statusCode, sentDotVotes.slice(0, 20)).toBe(400);
      expect(refused.json().error.code).toBe('validation_failed');
    }
  });

  it('refuses a batch without an envelope (items without ids) as a whole', async () => {
    const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [{ type: 'note' }] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  describe('edits', () => {
    it('applies an edit that names the stored version, and a resend of it is a duplicate', async () => {
      const note = buildNoteItem({ text: 'Sprachcafé im Bürgerhaus', fieldsOfAction: ['bildung'] });
      await sync([note]);
      const edit = { ...note, text: 'Sprachcafé im Bürgerhaus, Telefon 0170 1234567', fieldsOfAction: ['teilhabe'], kind: 'praise' as const, baseVersion: 1 };
      expect(await sync([edit])).toEqual([{ id: note.id, status: 'stored', version: 2, receipt: expect.stringMatching(RECEIPT) }]);
      const row = t.db.$client.prepare('select text, masked_text, kind, version, flags from contributions where id = ?').get(note.id) as Record<string, unknown>;
      expect(row).toMatchObject({ text: edit.text, kind: 'praise', version: 2 });
      expect(row.masked_text).not.toContain('1234567');
      expect(JSON.parse(row.flags as string)).toContain('personal_data_masked');
      expect(t.db.$client.prepare('select field_key from contribution_tags where contribution_id = ?').all(note.id)).toEqual([{ field_key: 'teilhabe' }]);
      expect(await sync([edit])).toEqual([{ id: note.id, status: 'duplicate', version: 2, receipt: expect.stringMatching(RECEIPT) }]);
    });

    it('answers conflict for an edit from an older version and keeps the stored one', async () => {
      const note = buildNoteItem();
      await sync([note]);
      await sync([{ ...note, text: 'Erste Änderung', baseVersion: 1 }]);
      const [late] = await sync([{ ...note, text: 'Zweite Änderung auf altem Stand', baseVersion: 1 }]);
      expect(late).toMatchObject({ status: 'conflict', version: 2, error: { code: 'version_conflict' } });
      expect(t.db.$client.prepare('select text, version from contributions where id = ?').get(note.id)).toEqual({ text: 'Erste Änderung', version: 2 });
    });

    it('keeps a moderator’s reviewed tag when staff change their own tags, and files their new field as a proposal only', async () => {
      const note = buildNoteItem({ fieldsOfAction: ['arbeit'] });
      await sync([note]);
      t.db.$client.prepare("insert into contribution_tags (contribution_id, field_key, source) values (?, 'freizeit', 'reviewed')").run(note.id);
      await sync([{ ...note, fieldsOfAction: ['freizeit', 'bildung'], baseVersion: 1 }]);
      expect(t.db.$client.prepare('select field_key, source from contribution_tags where contribution_id = ? order by field_key').all(note.id)).toEqual([
        { field_key: 'bildung', source: 'suggested' },
        { field_key: 'freizeit', source: 'reviewed' },
      ]);
    });

    it('treats an edit of an unknown note as invalid and an edit of a resident’s survey text as a conflict', async () => {
      const [unknown] = await sync([{ ...buildNoteItem(), baseVersion: 1 }]);
      expect(unknown).toMatchObject({ status: 'invalid', error: { code: 'unknown_note' } });
      const resident = buildNoteItem();
      const processId = (t.db.$client.prepare('select id from processes where slug = ?').get(t.slug) as { id: string }).id;
      recordContribution(t.db, {
        id: resident.id,
        processId,
        channel: 'online',
        text: 'Antwort aus der Online-Umfrage',
        language: 'de',
        capturedOn: '2026-05-09',
        contentHash: 'from-the-survey',
        fieldsOfAction: [],
        tagSource: 'self',
      });
      const [edit] = await sync([{ ...resident, baseVersion: 1 }]);
      expect(edit).toMatchObject({ status: 'conflict', error: { code: 'not_editable' } });
      expect(t.db.$client.prepare('select text from contributions where id = ?').get(resident.id)).toEqual({ text: 'Antwort aus der Online-Umfrage' });
    });
  });

  describe('paper questionnaires', () => {
    async function surveyVersion(): Promise<number> {
      const response = await t.app.inject({ method: 'GET', url: `/api/processes/${t.slug}/survey` });
      expect(response.statusCode).toBe(200);
      return response.json().version;
    }

    it('stores a typed-in paper questionnaire as a response of channel paper, linked to the market day and dated to its day', async () => {
      const version = await surveyVersion();
      const marketDay = buildMarketDayItem({ date: '2026-05-02' });
      const paper = { type: 'paperResponse', id: randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: version, language: 'tr', answers: { 'work-situation': 4, 'work-idea': 'Jobbörse auf dem Wochenmarkt' } } };
      expect(await sync([marketDay, paper])).toEqual([
        { id: marketDay.id, status: 'stored' },
        { id: paper.id, status: 'stored' },
      ]);
      expect(t.db.$client.prepare('select channel, market_day_id, submitted_on, language from responses where client_id = ?').get(paper.id)).toEqual({
        channel: 'paper',
        market_day_id: marketDay.id,
        submitted_on: '2026-05-02',
        language: 'tr',
      });
      expect(t.db.$client.prepare('select channel, text, market_day_id from contributions where response_id = (select id from responses where client_id = ?)').all(paper.id)).toEqual([
        { channel: 'paper', text: 'Jobbörse auf dem Wochenmarkt', market_day_id: marketDay.id },
      ]);
      expect(await sync([paper])).toEqual([{ id: paper.id, status: 'duplicate' }]);
      const [changed] = await sync([{ ...paper, response: { ...paper.response, answers: { 'work-situation': 1 } } }]);
      expect(changed).toMatchObject({ status: 'conflict' });
      const list = await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}` });
      expect(list.json().marketDays.find((s: { id: string }) => s.id === marketDay.id)).toMatchObject({ paperCount: 1, paperIds: [paper.id], noteCount: 0 });
    });

    it('answers invalid with the failing question keys, and without a market day or process', async () => {
      const version = await surveyVersion();
      const wrong = { type: 'paperResponse', id: randomUUID(), processSlug: t.slug, response: { surveyVersion: version, language: 'de', answers: { 'work-situation': 99, 'no-such-question': 'x' } } };
      const homeless = { type: 'paperResponse', id: randomUUID(), response: { surveyVersion: version, language: 'de', answers: {} } };
      const [invalidAnswers, noProcess] = await sync([wrong, homeless]);
      expect(invalidAnswers).toMatchObject({ status: 'invalid', error: { code: 'invalid_answers' } });
      expect((invalidAnswers!.error!.details as Array<{ question: string }>).map((d) => d.question).sort()).toEqual(['no-such-question', 'work-situation']);
      expect(noProcess).toMatchObject({ status: 'invalid', error: { code: 'unknown_process' } });
      expect(count('select count(*) n from responses where client_id in (?, ?)', wrong.id, homeless.id)).toBe(0);
    });

    it('stores no blank questionnaire: nothing ticked, or only empty texts, is invalid and counted nowhere', async () => {
      const version = await surveyVersion();
      const marketDay = buildMarketDayItem();
      const blank = { type: 'paperResponse', id: randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: version, language: 'de', answers: {} } };
      const spaces = { type: 'paperResponse', id: randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: version, language: 'de', answers: { 'work-idea': '   ' } } };
      const [, first, second] = await sync([marketDay, blank, spaces]);
      for (const result of [first, second]) {
        expect(result).toMatchObject({ status: 'invalid', error: { code: 'invalid_answers', details: [{ question: '', code: 'empty' }] } });
      }
      expect(count('select count(*) n from responses where market_day_id = ?', marketDay.id)).toBe(0);
      const list = await staff.inject({ method: 'GET', url: `/api/stall/market-days?processSlug=${t.slug}` });
      expect(list.json().marketDays.find((s: { id: string }) => s.id === marketDay.id)).toMatchObject({ paperCount: 0 });
    });
  });

  describe('dot votes', () => {
    it('adds increments from two tablets into one tally and lists it with the market day', async () => {
      const other = await buildUser(t.db, { role: 'staff' });
      const tablet2 = await signIn(t.app, other.username, other.password);
      const marketDay = buildMarketDayItem({ place: 'Stadtfest Refrath', stadtteil: 'refrath' });
      await sync([marketDay]);
      const first = [1, 1, 1].map(() => buildDotVoteItem(marketDay.id, { option: 'arbeit' }));
      const second = [buildDotVoteItem(marketDay.id, { option: 'arbeit' }), buildDotVoteItem(marketDay.id, { option: 'bildung' }), buildDotVoteItem(marketDay.id, { option: 'arbeit', delta: -1 })];
      await Promise.all([sync(first), sync(second, tablet2)]);
      // A resend changes nothing.
      expect(statuses(await sync(first))).toEqual({ duplicate: 3 });
      const list = await staff.inject({ method: 'GET', url: '/api/stall/market-days?processSlug=integrationskonzept' });
      expect(list.statusCode).toBe(200);
      const listed = list.json().marketDays.find((s: { id: string }) => s.id === marketDay.id);
      expect(listed).toEqual({
        id: marketDay.id,
        processSlug: 'integrationskonzept',
        date: '2026-05-09',
        place: 'Stadtfest Refrath',
        stadtteil: 'refrath',
        staff: ['Aylin', 'Jonas'],
        noteCount: 0,
        paperCount: 0,
        paperIds: [],
        tally: { arbeit: 3, bildung: 1 },
        board: null,
      });
    });

    it('counts dots on a market day\'s own poster question, and a marketDay from an older tablet keeps the fields board', async () => {
      const board = { question: 'Was fehlt im Stadtteil?', options: [{ key: 'option-1', label: 'Treffpunkt' }, { key: 'option-2', label: 'Sprachcafé' }, { key: 'option-3', label: 'Spielplatz' }] };
      const poster = { ...buildMarketDayItem({ place: 'Wochenmarkt Moitzfeld' }), board };
      const old = buildMarketDayItem({ place: 'Wochenmarkt Refrath' });
      expect(statuses(await sync([poster, old]))).toEqual({ stored: 2 });
      const votes = [buildDotVoteItem(poster.id, { option: 'option-2' }), buildDotVoteItem(poster.id, { option: 'option-2' }), buildDotVoteItem(poster.id, { option: 'option-3' }), buildDotVoteItem(old.id, { option: 'arbeit' })];
      expect(statuses(await sync(votes))).toEqual({ stored: 4 });
      // A field on a poster board, or a poster option on a fields board, is no option of that board.
      const wrong = await sync([buildDotVoteItem(poster.id, { option: 'arbeit' }), buildDotVoteItem(old.id, { option: 'option-1' })]);
      expect(wrong.map((result) => result.error?.code)).toEqual(['unknown_option', 'unknown_option']);
      // A poster question needs two options at least.
      const tooFew = await sync([{ ...buildMarketDayItem(), board: { question: 'Ja oder nein?', options: [{ key: 'option-1', label: 'Ja' }] } }]);
      expect(tooFew[0]!.status).toBe('invalid');

      const list = (await staff.inject({ method: 'GET', url: '/api/stall/market-days?processSlug=integrationskonzept' })).json().marketDays as Array<{ id: string; board: unknown; tally: unknown }>;
      expect(list.find((s) => s.id === poster.id)).toMatchObject({ board, tally: { 'option-2': 2, 'option-3': 1 } });
      expect(list.find((s) => s.id === old.id)).toMatchObject({ board: null, tally: { arbeit: 1 } });

      const admin = await buildUser(t.db, { role: 'admin' });
      const results = await (await signIn(t.app, admin.username, admin.password)).inject({ method: 'GET', url: '/api/processes/integrationskonzept/dot-votes' });
      expect(results.statusCode).toBe(200);
      const boards = results.json().boards as Array<{ marketDayId: string; question: string | null; options: Array<{ label: string; count: { count: number | null; suppressed: boolean } }>; total: { count: number | null } }>;
      // Three dots are under the threshold of 5: the board names its options, and withholds the counts.
      expect(boards.find((b) => b.marketDayId === poster.id)).toMatchObject({
        question: 'Was fehlt im Stadtteil?',
        options: [
          { label: 'Treffpunkt', count: { count: null, suppressed: true } },
          { label: 'Sprachcafé', count: { count: null, suppressed: true } },
          { label: 'Spielplatz', count: { count: null, suppressed: true } },
        ],
        total: { count: null, suppressed: true },
      });
      expect(boards.find((b) => b.marketDayId === old.id)).toMatchObject({ question: null, total: { count: null } });
      // A working group sees the poster questions and, on a fields board, only its own fields.
      const wg = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['bildung'] });
      const wgBoards = (await (await signIn(t.app, wg.username, wg.password)).inject({ method: 'GET', url: '/api/processes/integrationskonzept/dot-votes' })).json().boards as typeof boards;
      expect(wgBoards.find((b) => b.marketDayId === poster.id)?.options.map((o) => o.label)).toEqual(['Treffpunkt', 'Sprachcafé', 'Spielplatz']);
      expect(wgBoards.find((b) => b.marketDayId === old.id)).toBeUndefined();
      expect((await staff.inject({ method: 'GET', url: '/api/processes/integrationskonzept/dot-votes' })).statusCode).toBe(403);
    });

    it('answers conflict for a changed vote under a stored id, invalid for unknown options and market days', async () => {
      const marketDay = buildMarketDayItem();
      const vote = buildDotVoteItem(marketDay.id);
      await sync([marketDay, vote]);
      const results = await sync([{ ...vote, delta: -1 }, buildDotVoteItem(marketDay.id, { option: 'mondfahrt' }), buildDotVoteItem(buildMarketDayItem().id), { ...buildDotVoteItem(marketDay.id), delta: 2 }]);
      expect(results.map((r) => [r.status, r.error?.code])).toEqual([
        ['conflict', 'id_conflict'],
        ['invalid', 'unknown_option'],
        ['invalid', 'unknown_market_day'],
        ['invalid', 'validation_failed'],
      ]);
      expect(count('select sum(delta) n from dot_votes where market_day_id = ?', marketDay.id)).toBe(1);
    });

    it('answers 404 for the market days of an unknown process', async () => {
      const response = await staff.inject({ method: 'GET', url: '/api/stall/market-days?processSlug=gibt-es-nicht' });
      expect(response.statusCode).toBe(404);
    });
  });

  it('keeps answering health checks while it stores a batch of 240 notes of 4,000 adversarial characters', { timeout: 120_000 }, async () => {
    // The inputs the masking benchmark crafts against the finders (one byte a character, so the batch fits the body limit).
    // Every eighth note is untagged, so the suggester reads it too; `npm run bench -- masking` sends all 240 untagged.
    const texts = Object.values(adversarialInputs()).filter((text) => /^[\x20-\x7e]*$/.test(text));
    const marketDay = buildMarketDayItem();
    const notes = Array.from({ length: 240 }, (_, i) =>
      buildNoteItem({ marketDayId: marketDay.id, text: texts[i % texts.length]!, ...(i % 8 === 0 ? { fieldsOfAction: [], stadtteil: null } : {}) }),
    );
    let syncDone = false;
    const syncing = httpSync([marketDay, ...notes]).then(async (response) => {
      syncDone = true;
      return { status: response.status, results: ((await response.json()) as { results: SyncResult[] }).results };
    });
    // One health check after the other until the sync has answered; each notes whether the sync was still running.
    const health: Array<{ status: number; duringSync: boolean }> = [];
    while (!syncDone) {
      const response = await fetch(`${baseUrl}/api/health`);
      await response.text();
      health.push({ status: response.status, duringSync: !syncDone });
    }
    const { status, results } = await syncing;
    expect(status).toBe(200);
    expect(statuses(results)).toEqual({ stored: 241 });
    expect(health.every((check) => check.status === 200)).toBe(true);
    // A server that held its event loop for the whole batch would answer these only after the sync.
    expect(health.filter((check) => check.duringSync).length).toBeGreaterThanOrEqual(10);
    const stored = t.db.$client.prepare('select masked_text from contributions where market_day_id = ?').all(marketDay.id) as Array<{ masked_text: string }>;
    expect(stored).toHaveLength(240);
  });

  it('never answers 5xx to 300 random batches, and answers each item of an accepted batch once', async () => {
    // Items that are mostly well-formed, with any field now and then replaced by anything at all.
    const marketDayIds = Array.from({ length: 3 }, () => randomUUID());
    const bent = <T,>(usual: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: usual }, { weight: 1, arbitrary: fc.anything() });
    const marketDayArb = fc.record({
      type: fc.constant('marketDay'),
      id: bent(fc.constantFrom(...marketDayIds)),
      processSlug: bent(fc.constantFrom('integrationskonzept', 'unknown-process')),
      date: bent(fc.constantFrom('2026-05-09', '2026-02-30', 'gestern')),
      place: bent(fc.string({ maxLength: 40 })),
      stadtteil: bent(fc.constantFrom('bensberg', 'refrath', 'nowhere', null)),
    });
    const noteArb = fc.record(
      {
        type: fc.constant('note'),
        id: bent(fc.uuid({ version: 4 })),
        processSlug: bent(fc.constant('integrationskonzept')),
        marketDayId: bent(fc.constantFrom(...marketDayIds)),
        channel: bent(fc.constantFrom('stall', 'conference', 'online')),
        text: bent(fc.string({ maxLength: 80 })),
        kind: bent(fc.constantFrom('idea', 'concern', 'question', 'praise', 'rant')),
        fieldsOfAction: bent(fc.uniqueArray(fc.constantFrom('arbeit', 'bildung', 'teilhabe', 'nope'), { maxLength: 3 })),
        stadtteil: bent(fc.constantFrom('gronau', null, 'atlantis')),
        capturedAt: bent(fc.constantFrom('2026-05-09T10:00:00.000Z', 'now')),
        baseVersion: fc.integer({ min: -1, max: 3 }),
      },
      { requiredKeys: ['type', 'id'] },
    );
    const voteArb = fc.record({
      type: fc.constant('dotVote'),
      id: bent(fc.uuid({ version: 4 })),
      marketDayId: bent(fc.constantFrom(...marketDayIds)),
      option: bent(fc.constantFrom('arbeit', 'freizeit', 'nope')),
      delta: bent(fc.constantFrom(1, -1, 2)),
    });
    const itemArb = fc.oneof(marketDayArb, noteArb, voteArb, fc.record({ type: fc.constant('paperResponse'), id: fc.uuid({ version: 4 }), response: fc.anything() }), fc.anything());
    const bodyArb = fc.oneof({ weight: 10, arbitrary: fc.record({ items: fc.array(itemArb, { maxLength: 8 }) }) }, { weight: 1, arbitrary: fc.anything() });

    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const response = await staff.inject({ method: 'POST', url: '/api/stall/sync', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode !== 200) {
          expect(response.json().error.code).toEqual(expect.any(String));
          return;
        }
        const items = (body as { items: Array<{ id: string }> }).items;
        const results = response.json().results as SyncResult[];
        expect(results.map((result) => result.id)).toEqual(items.map((item) => item.id));
      }),
      { numRuns: 300 },
    );
  });
});
