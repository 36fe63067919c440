import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildContribution } from '../factories/contributions.ts';
import { buildResponse } from '../factories/responses.ts';
import { buildNoteItem, buildMarketDayItem } from '../factories/stall.ts';
import { buildSubmission, goodAnswers } from '../factories/survey.ts';
import { buildUser, TEST_PASSWORD } from '../factories/users.ts';
import { buildTestApp, signIn, type Agent, type TestApp } from '../helpers/app.ts';

describe('moderation and working-group views', () => {
  let t: TestApp;
  let admin: Agent;
  const base = () => `/api/admin/processes/${t.slug}`;
  const queue = async (query = '') => (await admin.inject({ method: 'GET', url: `${base()}/moderation?${query}` })).json();

  beforeEach(async () => {
    t = await buildTestApp();
    const user = await buildUser(t.db, { role: 'admin' });
    admin = await signIn(t.app, user.username, TEST_PASSWORD);
  });
  afterEach(() => t.close());

  it('keeps a contribution nobody tagged, proposes fields and the Stadtteil named in it, and queues it for review', async () => {
    const id = buildContribution(t.db, { text: 'In Gronau fehlen Ausbildungsplätze für junge Leute.', stadtteil: null });
    const page = await queue('state=needs_review');
    expect(page.total).toBe(1);
    expect(page.counts.suggested).toBe(1);
    const item = page.items[0];
    expect(item.id).toBe(id);
    expect(item.tags[0]).toMatchObject({ field: 'arbeit', source: 'suggested' });
    expect(item).toMatchObject({ stadtteil: 'gronau', stadtteilSource: 'suggested', reviewed: false });
    expect(item.suggestion.fieldsOfAction[0].key).toBe('arbeit');
    expect(item.suggestion.fieldsOfAction[0].because.join(' ')).toMatch(/Ausbildungspl/i);
    expect(item.suggestion.stadtteil).toBe('gronau');
  });

  it('counts in each tab of the queue exactly the contributions that tab lists, under every filter', async () => {
    const set = (id: string, assignment: string) => t.db.$client.prepare(`update contributions set ${assignment} where id = ?`).run(id);
    buildContribution(t.db, { text: 'Danke.' });
    buildContribution(t.db, { text: 'In Gronau fehlen Ausbildungsplätze für junge Leute.' });
    buildContribution(t.db, { text: 'Mehr Sprachkurse am Abend.', fieldsOfAction: ['bildung'], channel: 'paper' });
    set(buildContribution(t.db, { text: 'Ruf mich an.', fieldsOfAction: ['arbeit'] }), `flags = '["personal_data_masked"]'`);
    set(buildContribution(t.db, { text: 'Gut gemacht.', fieldsOfAction: ['arbeit'], channel: 'paper' }), `reviewed_at = '2026-11-21T10:00:00.000Z'`);
    set(buildContribution(t.db, { text: 'Werbung für einen Laden.' }), `status = 'hidden'`);
    for (const filter of ['', 'channel=paper', 'channel=stall', 'field=arbeit', 'stadtteil=gronau']) {
      const { counts } = await queue(filter);
      for (const state of ['needs_review', 'untagged', 'suggested', 'flagged', 'reviewed', 'hidden', 'all']) {
        const listed = await queue(`state=${state}&limit=200${filter ? `&${filter}` : ''}`);
        expect([state, filter, listed.items.length]).toEqual([state, filter, counts[state]]);
        expect(listed.total).toBe(counts[state]);
      }
    }
    // Every state is met at least once without a filter, so the comparison above compares something.
    const { counts } = await queue('');
    expect(Object.values(counts).every((n) => (n as number) > 0)).toBe(true);
  });

  it('keeps every count exact as moderators review, hide and show, also under a market day', async () => {
    const sqlite = t.db.$client;
    const processId = sqlite.prepare('select id from processes where slug = ?').pluck().get(t.slug) as string;
    const marketDay = crypto.randomUUID();
    sqlite
      .prepare(`insert into market_days (id, process_id, date, place, stadtteil_key, staff, content_hash) values (?, ?, '2026-11-20', 'Wochenmarkt Gronau', 'gronau', '[]', 'h')`)
      .run(marketDay, processId);
    const atTheStall = (id: string) => sqlite.prepare('update contributions set market_day_id = ? where id = ?').run(marketDay, id);
    const suggested = buildContribution(t.db, { text: 'In Gronau fehlen Ausbildungsplätze für junge Leute.' });
    const untagged = buildContribution(t.db, { text: 'Danke.' });
    const firm = buildContribution(t.db, { text: 'Mehr Sprachkurse am Abend.', fieldsOfAction: ['bildung'] });
    for (const id of [suggested, untagged, firm]) atTheStall(id);
    buildContribution(t.db, { text: 'Sportverein für Mädchen in Bensberg wäre toll.' });
    const version = (id: string) => sqlite.prepare('select version from contributions where id = ?').pluck().get(id) as number;
    const act = async (id: string, what: string, payload: object) => {
      const response = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/${what}`, payload: { version: version(id), ...payload } });
      expect(response.statusCode).toBe(204);
    };
    const expectExact = async (expected: Record<string, number>) => {
      for (const filter of ['', `marketDay=${marketDay}`]) {
        const { counts } = await queue(filter);
        for (const state of Object.keys(counts)) {
          const listed = await queue(`state=${state}&limit=200${filter ? `&${filter}` : ''}`);
          expect([state, filter, listed.items.length, listed.total]).toEqual([state, filter, counts[state], counts[state]]);
        }
        if (filter) expect(counts).toEqual(expected);
      }
    };
    await expectExact({ needs_review: 2, untagged: 1, suggested: 1, flagged: 0, reviewed: 0, hidden: 0, all: 3 });
    await act(suggested, 'review', { fieldsOfAction: ['arbeit'], stadtteil: 'gronau' });
    await expectExact({ needs_review: 1, untagged: 1, suggested: 0, flagged: 0, reviewed: 1, hidden: 0, all: 3 });
    await act(untagged, 'hide', { reason: 'Kein Inhalt' });
    await expectExact({ needs_review: 0, untagged: 0, suggested: 0, flagged: 0, reviewed: 1, hidden: 1, all: 3 });
    await act(untagged, 'show', {});
    await act(firm, 'mask', { ranges: [{ start: 0, end: 4 }] });
    await expectExact({ needs_review: 2, untagged: 1, suggested: 0, flagged: 1, reviewed: 1, hidden: 0, all: 3 });
  });

  it('says of an answer from a flagged questionnaire that it counts nowhere, and of others nothing', async () => {
    buildResponse(t.db, { flags: ['too_fast'], answers: { 'work-idea': 'Schnell getippt: mehr Ausbildungsplätze' } });
    buildResponse(t.db, { answers: { 'work-idea': 'In Ruhe getippt: mehr Ausbildungsplätze' } });
    const { items } = await queue('state=all');
    const flagged = items.find((item: { text: string }) => item.text.startsWith('Schnell'));
    const calm = items.find((item: { text: string }) => item.text.startsWith('In Ruhe'));
    expect(flagged.responseFlags).toEqual(['too_fast']);
    expect(calm.responseFlags).toEqual([]);
  });

  it('keeps a text that fits no field as untagged, never drops it', async () => {
    const id = buildContribution(t.db, { text: 'Hallo!', stadtteil: null });
    const page = await queue('state=untagged');
    expect(page.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  it('records a review with reviewed tags, a new version and an audit entry; a stale version gets 409', async () => {
    const id = buildContribution(t.db, { text: 'Die Kita in Refrath hat keinen Platz für meine Tochter.' });
    const review = await admin.inject({
      method: 'POST',
      url: `${base()}/contributions/${id}/review`,
      payload: { version: 1, fieldsOfAction: ['bildung-ausserschulisch'], stadtteil: 'refrath' },
    });
    expect(review.statusCode).toBe(204);
    const page = await queue('state=reviewed');
    expect(page.items[0]).toMatchObject({ id, version: 2, reviewed: true, stadtteil: 'refrath', stadtteilSource: 'reviewed' });
    expect(page.items[0].tags).toEqual([{ field: 'bildung-ausserschulisch', source: 'reviewed', score: null }]);
    const stale = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/review`, payload: { version: 1, fieldsOfAction: ['arbeit'], stadtteil: 'refrath' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    const audit = t.db.$client.prepare("select details from audit_log where action = 'contribution_reviewed' and entity_id = ?").all(id) as Array<{ details: string }>;
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details).after).toEqual({ fields: ['bildung-ausserschulisch'], stadtteil: 'refrath' });
  });

  it('finds survey, stall, paper and moderated contributions alike under "Stadtteil unbekannt", and none of them under a Stadtteil', async () => {
    const staffUser = await buildUser(t.db, { role: 'staff' });
    const staff = await signIn(t.app, staffUser.username, TEST_PASSWORD);
    const texts = (page: { items: Array<{ text: string; channel: string; stadtteil: string | null }> }) => page.items.map((item) => item.text).sort();

    const online = await t.app.inject({
      method: 'POST',
      url: `/api/processes/${t.slug}/responses`,
      payload: buildSubmission({ answers: { ...goodAnswers(), 'work-support': ['recognition'], district: 'unknown', 'work-idea': 'Online: Abendkurse für Berufstätige', 'living-together': 'Online: Feste im Viertel' } }),
    });
    expect(online.statusCode, online.body).toBe(201);
    const marketDay = buildMarketDayItem({ stadtteil: 'unknown' });
    const paperAnswers = { ...goodAnswers(), 'work-support': ['recognition'], district: 'unknown', 'work-idea': 'Papier: Beratung im Jobcenter auf Türkisch', 'living-together': null };
    const sync = await staff.inject({
      method: 'POST',
      url: '/api/stall/sync',
      payload: {
        items: [
          marketDay,
          buildNoteItem({ marketDayId: marketDay.id, stadtteil: null, text: 'Stand: mehr Bänke am Markt' }),
          buildNoteItem({ marketDayId: marketDay.id, stadtteil: 'unknown', text: 'Stand: weiß nicht woher, Spielplatz kaputt' }),
          { type: 'paperResponse', id: crypto.randomUUID(), marketDayId: marketDay.id, response: { surveyVersion: 1, language: 'de', answers: paperAnswers } },
        ],
      },
    });
    expect(sync.json().results.map((result: { status: string }) => result.status)).toEqual(['stored', 'stored', 'stored', 'stored']);
    const moderated = buildContribution(t.db, { text: 'Moderiert: Sprachkurse mit Kinderbetreuung', stadtteil: 'gronau', fieldsOfAction: ['bildung'] });
    const review = await admin.inject({ method: 'POST', url: `${base()}/contributions/${moderated}/review`, payload: { version: 1, fieldsOfAction: ['bildung'], stadtteil: 'unknown' } });
    expect(review.statusCode).toBe(204);
    buildContribution(t.db, { text: 'Gronau: ein Nachbarschaftstreff', stadtteil: 'gronau' });

    const unknown = await queue('state=all&stadtteil=unknown&limit=200');
    expect(texts(unknown)).toEqual(
      [
        'Moderiert: Sprachkurse mit Kinderbetreuung',
        'Online: Abendkurse für Berufstätige',
        'Online: Feste im Viertel',
        'Papier: Beratung im Jobcenter auf Türkisch',
        'Stand: mehr Bänke am Markt',
        'Stand: weiß nicht woher, Spielplatz kaputt',
      ].sort(),
    );
    expect(new Set(unknown.items.map((item: { channel: string }) => item.channel))).toEqual(new Set(['online', 'paper', 'stall']));
    expect(unknown.items.every((item: { stadtteil: string | null }) => item.stadtteil === null)).toBe(true);
    expect(texts(await queue('state=all&stadtteil=gronau'))).toEqual(['Gronau: ein Nachbarschaftstreff']);
    // Stored as NULL everywhere: no row holds the sentinel itself.
    for (const table of ['contributions', 'responses', 'market_days']) {
      expect(t.db.$client.prepare(`select count(*) n from ${table} where stadtteil_key = 'unknown'`).get()).toEqual({ n: 0 });
    }
  });

  it('lets a moderator file a contribution as from outside the city', async () => {
    const id = buildContribution(t.db, { text: 'Ich pendle aus Köln und suche einen Sprachkurs.' });
    const review = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/review`, payload: { version: 1, fieldsOfAction: ['bildung'], stadtteil: 'outside' } });
    expect(review.statusCode).toBe(204);
    expect((await queue('state=all&stadtteil=outside')).items.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('rejects unknown fields and Stadtteile with 400', async () => {
    const id = buildContribution(t.db);
    const badField = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/review`, payload: { version: 1, fieldsOfAction: ['wohnen'], stadtteil: 'gronau' } });
    expect(badField.statusCode).toBe(400);
    const badPlace = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/review`, payload: { version: 1, fieldsOfAction: ['arbeit'], stadtteil: 'spitze' } });
    expect(badPlace.statusCode).toBe(400);
  });

  it('follows moderators: after a handful of re-tagged contributions, similar new text is suggested their way', async () => {
    // The seed lexicon files a language café under education outside school; this city's moderators file it under leisure.
    const examples = [
      'Das Sprachcafé in der Stadtbücherei ist jeden Dienstag voll.',
      'Beim Sprachcafé im Bürgerhaus lernt man nette Leute kennen.',
      'Ich gehe gern ins Sprachcafé, dort gibt es Kuchen und Gespräche.',
      'Mehr Sprachcafés am Wochenende, das wäre ein schöner Treffpunkt.',
    ];
    const probe = { text: 'Ein Sprachcafé für Frauen am Vormittag wäre schön.', language: 'de' };
    const before = (await t.app.inject({ method: 'POST', url: '/api/suggest', payload: probe })).json();
    expect(before.fieldsOfAction[0].key).toBe('bildung-ausserschulisch');
    for (const text of examples) {
      const id = buildContribution(t.db, { text });
      const response = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/review`, payload: { version: 1, fieldsOfAction: ['freizeit'], stadtteil: 'unknown' } });
      expect(response.statusCode).toBe(204);
    }
    const after = (await t.app.inject({ method: 'POST', url: '/api/suggest', payload: probe })).json();
    expect(after.fieldsOfAction[0].key).toBe('freizeit');
    expect(after.fieldsOfAction[0].because.join(' ')).toMatch(/Sprachcaf/i);
  });

  it('hides with a reason, shows again, and works in bulk', async () => {
    const a = buildContribution(t.db, { text: 'Mehr Deutschkurse am Abend bitte.' });
    const b = buildContribution(t.db, { text: 'Sportverein für Mädchen in Bensberg wäre toll.' });
    const c = buildContribution(t.db, { text: 'asdf' });
    const hide = await admin.inject({ method: 'POST', url: `${base()}/contributions/${c}/hide`, payload: { version: 1, reason: 'Kein Inhalt' } });
    expect(hide.statusCode).toBe(204);
    expect((await queue('state=hidden')).items.map((i: { id: string }) => i.id)).toEqual([c]);
    const bulk = await admin.inject({ method: 'POST', url: `${base()}/contributions/bulk`, payload: { action: 'accept_suggestions', ids: [a, b] } });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().changed).toBe(2);
    const reviewed = (await queue('state=reviewed')).items;
    expect(Object.fromEntries(reviewed.map((i: { id: string; tags: Array<{ field: string }> }) => [i.id, i.tags.map((tag) => tag.field)]))).toEqual({
      [a]: ['bildung-ausserschulisch'],
      [b]: ['freizeit'],
    });
    const show = await admin.inject({ method: 'POST', url: `${base()}/contributions/${c}/show`, payload: { version: 2 } });
    expect(show.statusCode).toBe(204);
  });

  it('masks e-mails, phone numbers, IBANs and addresses in the working-group view, and names by hand', async () => {
    const text = 'Ruft mich an: 0176 12345678 oder schreibt an aylin.k@example.de, ich wohne Hauptstraße 12. Spenden an DE89 3704 0044 0532 0130 00. Gruß, Aylin Kaya';
    const id = buildContribution(t.db, { text, fieldsOfAction: ['arbeit'] });
    const mask = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/mask`, payload: { version: 1, ranges: [] } });
    expect(mask.statusCode).toBe(400);
    const masked = t.db.$client.prepare('select masked_text from contributions where id = ?').get(id) as { masked_text: string };
    const start = masked.masked_text.indexOf('Aylin Kaya');
    const byHand = await admin.inject({ method: 'POST', url: `${base()}/contributions/${id}/mask`, payload: { version: 1, ranges: [{ start, end: start + 'Aylin Kaya'.length }] } });
    expect(byHand.statusCode).toBe(204);

    const group = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const agent = await signIn(t.app, group.username, TEST_PASSWORD);
    const list = await agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/contributions?field=arbeit` });
    expect(list.statusCode).toBe(200);
    const seen = JSON.stringify(list.json());
    for (const secret of ['0176', 'aylin.k@example.de', 'Hauptstraße 12', 'DE89', '3704', 'Aylin Kaya']) expect(seen).not.toContain(secret);
    expect(list.json()[0].text).toContain('[Name entfernt]');
    // The original stays for admins.
    const original = (await queue('state=all')).items.find((i: { id: string }) => i.id === id);
    expect(original.text).toBe(text);
  });

  it('gives a working group only its own fields: another field is 403, suggested-only tags are not shown', async () => {
    buildContribution(t.db, { text: 'Mehr Jobs für Geflüchtete.', fieldsOfAction: ['arbeit'] });
    buildContribution(t.db, { text: 'Ein Jugendzentrum in Hand fehlt.', fieldsOfAction: ['freizeit'] });
    buildContribution(t.db, { text: 'Ausbildung in der Pflege fördern.' });
    const group = await buildUser(t.db, { role: 'working_group', fieldsOfAction: ['arbeit'] });
    const agent = await signIn(t.app, group.username, TEST_PASSWORD);
    const own = (await agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/contributions` })).json();
    expect(own.map((c: { text: string }) => c.text)).toEqual(['Mehr Jobs für Geflüchtete.']);
    expect(own[0].capturedOn).toMatch(/^\d{4}-\d{2}$/);
    expect(own[0].area).toBeNull();
    const other = await agent.inject({ method: 'GET', url: `/api/processes/${t.slug}/contributions?field=freizeit` });
    expect(other.statusCode).toBe(403);
  });

  it('names a Stadtteil only when enough voices come from it', async () => {
    for (let i = 0; i < 5; i += 1) buildContribution(t.db, { text: `Arbeit ${i}`, fieldsOfAction: ['arbeit'], stadtteil: 'bensberg' });
    buildContribution(t.db, { text: 'Arbeit in Moitzfeld', fieldsOfAction: ['arbeit'], stadtteil: 'moitzfeld' });
    // Four more from Bezirk 5 outside Bensberg: „Bezirk 5“ alone on Moitzfeld's voice would point at one Stadtteil with one voice.
    for (const stadtteil of ['kaule', 'kaule', 'bockenberg', 'bockenberg']) buildContribution(t.db, { text: `Arbeit in ${stadtteil}`, fieldsOfAction: ['arbeit'], stadtteil });
    const list = (await admin.inject({ method: 'GET', url: `/api/processes/${t.slug}/contributions?field=arbeit` })).json();
    const areas = new Set(list.map((c: { area: string | null }) => c.area));
    expect(areas.has('Bensberg')).toBe(true);
    expect(areas.has('Moitzfeld')).toBe(false);
    expect(list.find((c: { text: string }) => c.text === 'Arbeit in Moitzfeld').area).toBe('Bezirk 5');
  });
});
