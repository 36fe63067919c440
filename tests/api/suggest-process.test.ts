import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../shared/api/stall.ts';
import { climateStructure } from '../factories/processes.ts';
import { buildMarketDayItem, buildNoteItem } from '../factories/stall.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

describe('suggestions for a process with fields of its own', () => {
  let t: TestApp;
  let admin: Agent;
  const suggestKeys = async (text: string, extra: Record<string, unknown> = { processSlug: 'klima' }) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/suggest', payload: { text, ...extra } });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().fieldsOfAction as Array<{ key: string; score: number }>).filter((field) => field.score >= 0.3).map((field) => field.key);
  };

  beforeEach(async () => {
    t = await buildTestApp();
    admin = await signIn(t.app, (await buildUser(t.db, { role: 'admin' })).username, TEST_PASSWORD);
    const created = await admin.inject({ method: 'POST', url: '/api/admin/processes', payload: { id: randomUUID(), slug: 'klima', structure: climateStructure() } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await admin.inject({ method: 'PUT', url: '/api/admin/processes/klima/status', payload: { status: 'public' } })).statusCode).toBe(200);
  });
  afterEach(() => t.close());

  it('suggests the field whose description names the note’s words, in German and English, and keeps the default process’s suggestions', async () => {
    expect(await suggestKeys('Wir brauchen mehr Radwege und bessere Busverbindungen')).toEqual(['mobilitaet']);
    expect(await suggestKeys('We need more cycle lanes and better buses', { processSlug: 'klima', language: 'en' })).toEqual(['mobilitaet']);
    expect(await suggestKeys('Die Bäume an unserer Straße vertrocknen im Sommer')).toEqual(['stadtbaeume']);
    // The Integrationskonzept's words say nothing here, and its own suggestions stay as they were.
    expect(await suggestKeys('In Gronau fehlen Ausbildungsplätze für junge Leute.')).toEqual([]);
    expect(await suggestKeys('In Gronau fehlen Ausbildungsplätze für junge Leute.', {})).toEqual(['arbeit']);
    // Staff and the stall read the descriptions with the process, so the tablet suggests the same offline.
    const detail = (await t.app.inject({ method: 'GET', url: '/api/processes/klima' })).json();
    expect(detail.fieldsOfAction[0]).toMatchObject({ key: 'mobilitaet', description: { de: 'Radwege, Busse, Bahn, Parken' } });
    expect(detail.fieldsOfAction[2].children[0]).toMatchObject({ key: 'stadtbaeume', description: { en: 'Trees along streets' } });
  });

  it('tags an untagged stall note with the process’s own field and shows it in the moderation queue', async () => {
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, staff.username, staff.password);
    const marketDay = buildMarketDayItem({ processSlug: 'klima', stadtteil: 'wiesdorf', place: 'Wochenmarkt Wiesdorf' });
    const note = buildNoteItem({ processSlug: 'klima', marketDayId: marketDay.id, text: 'Wir brauchen mehr Radwege und bessere Busverbindungen', fieldsOfAction: [], stadtteil: 'wiesdorf' });
    const synced = await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [marketDay, note] } });
    expect(synced.statusCode, synced.body).toBe(200);
    expect((synced.json().results as SyncResult[]).map((result) => result.status)).toEqual(['stored', 'stored']);
    const tags = t.db.$client.prepare("select field_key from contribution_tags where contribution_id = ? and source = 'suggested'").all(note.id);
    expect(tags).toEqual([{ field_key: 'mobilitaet' }]);
    const queue = (await admin.inject({ method: 'GET', url: '/api/admin/processes/klima/moderation?state=needs_review' })).json();
    const item = queue.items.find((entry: { id: string }) => entry.id === note.id);
    expect(item.suggestion.fieldsOfAction[0]).toMatchObject({ key: 'mobilitaet', because: ['Radwege'] });
  });

  it('follows an admin who describes a field better, at once', async () => {
    expect(await suggestKeys('Solar auf jedes Schuldach')).toEqual([]);
    const edited = await admin.inject({ method: 'PUT', url: '/api/admin/processes/klima/structure', payload: climateStructure('Solar, Photovoltaik, Wärmepumpen, Strom sparen') });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().structure.fieldsOfAction[1].description).toEqual({ de: 'Solar, Photovoltaik, Wärmepumpen, Strom sparen', en: 'Heat pumps, saving electricity' });
    expect(await suggestKeys('Solar auf jedes Schuldach')).toEqual(['energie']);
  });

  it('learns the process’s fields from moderators’ reviews: a word no description names is suggested after a few', async () => {
    const probe = 'Carsharing in der Siedlung wäre gut';
    expect(await suggestKeys(probe, { processSlug: 'klima', language: 'de' })).toEqual([]);
    const staff = await buildUser(t.db, { role: 'staff' });
    const agent = await signIn(t.app, staff.username, staff.password);
    const marketDay = buildMarketDayItem({ processSlug: 'klima', stadtteil: 'opladen', place: 'Wochenmarkt Opladen' });
    const texts = ['Carsharing statt Zweitwagen', 'Mehr Carsharing-Stationen bitte', 'Carsharing auch für Familien', 'Carsharing am Rathaus fehlt'];
    const notes = texts.map((text) => buildNoteItem({ processSlug: 'klima', marketDayId: marketDay.id, text, language: 'de', fieldsOfAction: [], stadtteil: 'opladen' }));
    expect((await agent.inject({ method: 'POST', url: '/api/stall/sync', payload: { items: [marketDay, ...notes] } })).statusCode).toBe(200);
    for (const note of notes) {
      const review = await admin.inject({ method: 'POST', url: `/api/admin/processes/klima/contributions/${note.id}/review`, payload: { version: 1, fieldsOfAction: ['mobilitaet'], stadtteil: 'opladen' } });
      expect(review.statusCode, review.body).toBe(204);
    }
    expect(await suggestKeys(probe, { processSlug: 'klima', language: 'de' })).toEqual(['mobilitaet']);
    // The tablet fetches what was learned with the process's own keys.
    const model = (await admin.inject({ method: 'GET', url: '/api/processes/klima/suggest-model' })).json();
    expect(model.languages.de.fieldDocs).toEqual({ mobilitaet: 4 });
  });
});
