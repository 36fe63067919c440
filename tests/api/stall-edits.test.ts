import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforceRetention } from '../../server/features/lifecycle/lifecycle.service.ts';
import type { NoteItem, SyncResult } from '../../shared/api/stall.ts';
import { buildMarketDayItem, buildNoteItem } from '../factories/stall.ts';
import { buildUser } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

/**
 * Who may change a stall note after a moderator worked on it, and what the change may do.
 * The rule (ARCHITECTURE.md "The market stall"): the staff account that captured a note and
 * admins may edit it; an edit never uncovers a name a moderator masked, never adds a field a
 * moderator did not decide, sends a changed text back to review, and is audited.
 */
describe('stall note edits after moderation', () => {
  let t: TestApp;
  let staffA: Agent;
  let staffB: Agent;
  let admin: Agent;
  let bildungGroup: Agent;
  let arbeitGroup: Agent;

  const NAME = 'Yilmaz';
  const text = `Ayşe ${NAME} aus der Nachbarschaft wünscht sich mehr Sprachkurse am Abend.`;

  beforeEach(async () => {
    t = await buildTestApp();
    const [a, b, adminUser, bildung, arbeit] = await Promise.all([
      buildUser(t.db, { role: 'staff' }),
      buildUser(t.db, { role: 'staff' }),
      buildUser(t.db, { role: 'admin' }),
      buildUser(t.db, { role: 'working_group', fieldsOfAction: ['bildung'] }),
      buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] }),
    ]);
    const agent = (user: { username: string; password: string }) => signIn(t.app, user.username, user.password);
    staffA = await agent(a);
    staffB = await agent(b);
    admin = await agent(adminUser);
    bildungGroup = await agent(bildung);
    arbeitGroup = await agent(arbeit);
  });
  afterEach(() => t.close());

  async function sync(agent: Agent, items: unknown[]): Promise<SyncResult[]> {
    const response = await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().results;
  }

  async function readAs(group: Agent): Promise<string[]> {
    const response = await group.inject({ method: 'GET', url: `/api/processes/${t.slug}/contributions` });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as Array<{ text: string }>).map((item) => item.text);
  }

  async function moderate(path: string, payload: Record<string, unknown>) {
    const response = await admin.inject({ method: 'POST', url: `/api/admin/processes/${t.slug}/contributions/${path}`, payload });
    expect(response.statusCode, response.body).toBe(204);
  }

  async function queueIds(state: string): Promise<string[]> {
    const response = await admin.inject({ method: 'GET', url: `/api/admin/processes/${t.slug}/moderation?state=${state}` });
    return (response.json().items as Array<{ id: string }>).map((item) => item.id);
  }

  /** Staff A captures a note naming a neighbour; a moderator masks the name by hand and reviews it (version 3). */
  async function capturedMaskedReviewed(): Promise<NoteItem> {
    const note = buildNoteItem({ text, fieldsOfAction: ['bildung'] });
    expect(await sync(staffA, [note])).toEqual([{ id: note.id, status: 'stored', version: 1, receipt: expect.any(String) }]);
    const start = text.indexOf(NAME);
    await moderate(`${note.id}/mask`, { version: 1, ranges: [{ start, end: start + NAME.length }] });
    await moderate(`${note.id}/review`, { version: 2, fieldsOfAction: ['bildung'], stadtteil: 'bensberg' });
    expect((await readAs(bildungGroup)).join(' ')).not.toContain(NAME);
    expect(await readAs(arbeitGroup)).toEqual([]);
    expect(await queueIds('needs_review')).not.toContain(note.id);
    return note;
  }

  const row = (id: string) =>
    t.db.$client.prepare('select text, masked_text, version, flags, reviewed_at from contributions where id = ?').get(id) as {
      text: string;
      masked_text: string;
      version: number;
      flags: string;
      reviewed_at: string | null;
    };

  it('refuses staff B’s edit of staff A’s moderated note per item, even with the version from the conflict answer', async () => {
    const note = await capturedMaskedReviewed();
    const attack = { ...note, text: `${text} Ayşe ${NAME} sucht auch Arbeit.`, fieldsOfAction: ['bildung', 'arbeit'] };

    // Without a version the tablet learns the stored one from the conflict answer …
    const [probe] = await sync(staffB, [attack]);
    expect(probe).toMatchObject({ status: 'conflict', version: 3, error: { code: 'id_conflict' } });
    // … and tries again with it, in a batch with a note of its own.
    const own = buildNoteItem({ text: 'Mehr Bänke am Markt' });
    const [edit, other] = await sync(staffB, [{ ...attack, baseVersion: probe!.version }, own]);
    expect(edit).toMatchObject({ id: note.id, status: 'conflict', version: 3, error: { code: 'forbidden' } });
    expect(other).toMatchObject({ id: own.id, status: 'stored' });

    expect(row(note.id)).toMatchObject({ text, version: 3 });
    expect((await readAs(bildungGroup)).join(' ')).not.toContain(NAME);
    expect((await readAs(arbeitGroup)).join(' ')).not.toContain(NAME);
  });

  it('lets the capturing account edit: the masked name stays masked, the note goes back to review, a new field is only a proposal, and the edit is audited', async () => {
    const note = await capturedMaskedReviewed();
    const changed = `${text} Ayşe ${NAME.toUpperCase()} sucht auch Arbeit.`;
    const [edit] = await sync(staffA, [{ ...note, text: changed, fieldsOfAction: ['bildung', 'arbeit'], baseVersion: 3 }]);
    expect(edit).toMatchObject({ id: note.id, status: 'stored', version: 4 });

    const stored = row(note.id);
    expect(stored.text).toBe(changed);
    expect(stored.masked_text).not.toMatch(new RegExp(NAME, 'i'));
    expect(stored.masked_text).toContain('[Name entfernt]');
    expect(JSON.parse(stored.flags)).toEqual(expect.arrayContaining(['names_masked', 'edited_after_review']));
    expect(stored.reviewed_at).toBeNull();

    expect((await readAs(bildungGroup)).join(' ')).not.toMatch(new RegExp(NAME, 'i'));
    expect(await readAs(arbeitGroup)).toEqual([]);
    expect(await queueIds('needs_review')).toContain(note.id);
    const tags = t.db.$client.prepare('select field_key, source from contribution_tags where contribution_id = ? order by field_key').all(note.id);
    expect(tags).toEqual([
      { field_key: 'arbeit', source: 'suggested' },
      { field_key: 'bildung', source: 'reviewed' },
    ]);

    const audit = t.db.$client.prepare("select user_id, details from audit_log where action = 'contribution_edited' and entity_id = ?").all(note.id) as Array<{ details: string }>;
    expect(audit).toHaveLength(1);
    const details = JSON.parse(audit[0]!.details) as Record<string, unknown>;
    expect(details).toMatchObject({ from: 3, to: 4, textChanged: true, backToReview: true, proposedFields: ['arbeit'] });
    expect(JSON.stringify(details)).not.toContain(NAME);

    // A moderator's new review takes it out of the queue again and clears the edit flag.
    await moderate(`${note.id}/review`, { version: 4, fieldsOfAction: ['bildung'], stadtteil: 'bensberg' });
    expect(JSON.parse(row(note.id).flags)).not.toContain('edited_after_review');
    expect(await queueIds('needs_review')).not.toContain(note.id);
  });

  it('lets an admin edit any note, under the same rules', async () => {
    const note = await capturedMaskedReviewed();
    const [edit] = await sync(admin, [{ ...note, text: `${text} Korrigiert.`, baseVersion: 3 }]);
    expect(edit).toMatchObject({ status: 'stored', version: 4 });
    expect(row(note.id).masked_text).not.toContain(NAME);
    expect(await queueIds('needs_review')).toContain(note.id);
  });

  it('audits every edit of a note, also before any moderation, without its text', async () => {
    const note = buildNoteItem({ text: 'Mehr Sprachkurse am Abend' });
    await sync(staffA, [note]);
    const [edit] = await sync(staffA, [{ ...note, text: 'Mehr Sprachkurse am Abend und am Wochenende', baseVersion: 1 }]);
    expect(edit).toMatchObject({ status: 'stored', version: 2 });
    const audit = t.db.$client.prepare("select details from audit_log where action = 'contribution_edited' and entity_id = ?").all(note.id) as Array<{ details: string }>;
    expect(audit.map((entry) => JSON.parse(entry.details))).toEqual([expect.objectContaining({ from: 1, to: 2, textChanged: true, backToReview: false })]);
    expect(audit[0]!.details).not.toContain('Wochenende');
    // Staff B may not edit it either, moderated or not.
    const [foreign] = await sync(staffB, [{ ...note, text: 'Etwas anderes', baseVersion: 2 }]);
    expect(foreign).toMatchObject({ status: 'conflict', error: { code: 'forbidden' } });
  });

  it('answers an edit from an older version with the note the server holds now, masked as after moderation, and a resend over it keeps the mask', async () => {
    const note = await capturedMaskedReviewed();
    // Staff A's tablet still holds version 1 and sends an edit of it: the moderator came first.
    const mine = { ...note, text: `${text} Und abends Kinderbetreuung.`, fieldsOfAction: ['bildung', 'arbeit'], stadtteil: 'refrath', baseVersion: 1 };
    const [refused] = await sync(staffA, [mine]);
    expect(refused).toEqual({
      id: note.id,
      status: 'conflict',
      version: 3,
      error: { code: 'version_conflict', message: expect.any(String) },
      current: {
        channel: 'stall',
        text: text.replace(NAME, '[Name entfernt]'),
        kind: 'idea',
        fieldsOfAction: ['bildung'],
        stadtteil: 'bensberg',
        ageBand: null,
        language: null,
      },
    });
    // The original is the admins' alone: the answer never names what the moderator masked.
    expect(JSON.stringify(refused)).not.toContain(NAME);

    // An admin's correction with a phone number: the tablet reads it as working groups do.
    const [corrected] = await sync(admin, [{ ...note, text: `${text} Rückruf unter 0170 1234567.`, baseVersion: 3 }]);
    expect(corrected).toMatchObject({ status: 'stored', version: 4 });
    const [again] = await sync(staffA, [{ ...mine, baseVersion: 3 }]);
    expect(again).toMatchObject({ status: 'conflict', version: 4, error: { code: 'version_conflict' }, current: { fieldsOfAction: ['bildung'] } });
    expect(again!.current!.text).toContain('Rückruf unter');
    expect(again!.current!.text).not.toContain('1234567');
    expect(again!.current!.text).not.toContain(NAME);

    // „Erneut senden“: staff's text wins over version 4, and the moderator's mask holds.
    const [resent] = await sync(staffA, [{ ...mine, baseVersion: 4 }]);
    expect(resent).toMatchObject({ status: 'stored', version: 5 });
    expect(resent).not.toHaveProperty('current');
    expect(row(note.id)).toMatchObject({ text: mine.text, version: 5 });
    expect(row(note.id).masked_text).not.toContain(NAME);
    expect((await readAs(bildungGroup)).join(' ')).not.toContain(NAME);
  });

  it('shows another account the masked note with its refusal too, and nothing with a refusal of an id it may not edit', async () => {
    const note = await capturedMaskedReviewed();
    const [foreign] = await sync(staffB, [{ ...note, text: `${text} Nachtrag.`, baseVersion: 3 }]);
    expect(foreign).toMatchObject({ status: 'conflict', error: { code: 'forbidden' }, current: { text: text.replace(NAME, '[Name entfernt]') } });
    expect(JSON.stringify(foreign)).not.toContain(NAME);
    // Not a note this tablet may edit at all: nothing of the stored item is told.
    const [probe] = await sync(staffB, [{ ...note, text: 'Etwas anderes' }]);
    expect(probe).toMatchObject({ status: 'conflict', error: { code: 'id_conflict' } });
    expect(probe).not.toHaveProperty('current');
  });

  it('lists a note a moderator masked names in as the server holds it, to its author and admins too, and takes that text sent back as no change', async () => {
    const marketDay = buildMarketDayItem();
    const note = buildNoteItem({ marketDayId: marketDay.id, text, fieldsOfAction: ['bildung'] });
    await sync(staffA, [marketDay, note]);
    const listed = async (agent: Agent) => {
      const response = await agent.inject({ method: 'GET', url: `/api/stall/market-days/${marketDay.id}/notes` });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().notes as Array<{ id: string; text: string; editable: boolean }>).find((item) => item.id === note.id)!;
    };
    // Before moderation the author reads what they captured.
    expect(await listed(staffA)).toMatchObject({ text, editable: true });
    const start = text.indexOf(NAME);
    await moderate(`${note.id}/mask`, { version: 1, ranges: [{ start, end: start + NAME.length }] });
    // After it, the list says what a refused edit's „Auf dem Server:“ says, so „Verwerfen“ shows the same text offline and after the next sync.
    const masked = text.replace(NAME, '[Name entfernt]');
    expect(await listed(staffA)).toMatchObject({ text: masked, editable: true });
    expect(await listed(admin)).toMatchObject({ text: masked, editable: true });
    const [refused] = await sync(staffA, [{ ...note, text: `${text} Nachtrag.`, baseVersion: 1 }]);
    expect(refused!.current!.text).toBe(masked);

    // The author corrects only the fields of the note as listed: its text did not change, the original stays for admins.
    const [edit] = await sync(staffA, [{ ...note, text: masked, fieldsOfAction: ['bildung', 'arbeit'], baseVersion: 2 }]);
    expect(edit).toMatchObject({ status: 'stored', version: 3 });
    expect(row(note.id)).toMatchObject({ text, masked_text: masked });
  });

  it('refuses a changed text when the masked words are no longer known (after the retention date), and keeps the mask', async () => {
    const note = await capturedMaskedReviewed();
    const settings = await admin.inject({ method: 'PATCH', url: `/api/admin/processes/${t.slug}`, payload: { retentionUntil: '2020-01-01' } });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(await enforceRetention(t.db, '2026-12-01')).toEqual([{ slug: t.slug, purged: 1 }]);
    expect(row(note.id).text).not.toContain(NAME);
    const [edit] = await sync(staffA, [{ ...note, text: `${text} Nachtrag.`, baseVersion: 3 }]);
    expect(edit).toMatchObject({ status: 'conflict', version: 3, error: { code: 'names_masked' }, current: { text: row(note.id).masked_text } });
    expect(row(note.id).masked_text).not.toContain(NAME);
  });
});
