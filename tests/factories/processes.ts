import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { ProcessStructure } from '../../shared/api/process-admin.ts';
import { findDefaultProcessId } from '../../db/seed/index.ts';

/**
 * A second process, a copy of the default one under another slug and title: the same fields of
 * action, districts, Stadtteile, phases and published survey, so the keys are the same in both
 * and only the process tells their voices apart. Returns its slug.
 */
export function buildProcess(db: Db, overrides: { slug?: string; title?: string } = {}): string {
  const slug = overrides.slug ?? `verfahren-${randomUUID().slice(0, 8)}`;
  const source = findDefaultProcessId(db);
  if (!source) throw new Error('seed the default process first');
  const id = randomUUID();
  const sql = db.$client;
  sql.transaction(() => {
    sql
      .prepare(
        `insert into processes (id, slug, title, description, city, languages, current_phase, opens_on, closes_on, suppression_threshold, retention_until, created_at)
         select ?, ?, json_object('de', ?), description, city, languages, current_phase, opens_on, closes_on, suppression_threshold, retention_until,
                strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+1 second') from processes where id = ?`,
      )
      .run(id, slug, overrides.title ?? `Verfahren ${slug}`, source);
    sql.prepare('insert into phases (process_id, nr, title, description, starts_on, ends_on) select ?, nr, title, description, starts_on, ends_on from phases where process_id = ?').run(id, source);
    sql.prepare('insert into fields_of_action (process_id, key, parent_key, label, sort_order) select ?, key, parent_key, label, sort_order from fields_of_action where process_id = ?').run(id, source);
    sql.prepare('insert into districts (process_id, key, nr, name) select ?, key, nr, name from districts where process_id = ?').run(id, source);
    sql
      .prepare(
        `insert into stadtteile (process_id, district_id, key, nr, name, name_variants, population, population_status, population_source, population_date, population_licence)
         select ?, (select n.id from districts n join districts o on o.key = n.key where n.process_id = ? and o.id = s.district_id),
                key, nr, name, name_variants, population, population_status, population_source, population_date, population_licence
         from stadtteile s where process_id = ?`,
      )
      .run(id, id, source);
    sql.prepare('insert into surveys (process_id, version, definition, texts, published_at) select ?, version, definition, texts, published_at from surveys where process_id = ?').run(id, source);
  })();
  return slug;
}

/** The next city's process: its own fields of action, none of them a key the seed lexicon or the shipped model knows. */
export function climateStructure(energyDescription = 'Wärmepumpen, Strom sparen'): ProcessStructure {
  return {
    title: { de: 'Klimaschutz mitgestalten', en: 'Shaping climate action' },
    description: { de: 'Was die Stadt für das Klima tun soll.', en: 'What the city should do for the climate.' },
    city: { de: 'Leverkusen' },
    languages: ['de', 'en'],
    phases: [{ title: { de: 'Beteiligung' } }],
    currentPhase: 1,
    fieldsOfAction: [
      { key: 'mobilitaet', label: { de: 'Mobilität', en: 'Mobility' }, description: { de: 'Radwege, Busse, Bahn, Parken', en: 'Cycle lanes, buses, trains, parking' } },
      { key: 'energie', label: { de: 'Energie', en: 'Energy' }, description: { de: energyDescription, en: 'Heat pumps, saving electricity' } },
      {
        key: 'gruenflaechen',
        label: { de: 'Grünflächen', en: 'Green spaces' },
        description: { de: 'Grünanlagen, Gärten, Spielplätze' },
        children: [{ key: 'stadtbaeume', label: { de: 'Stadtbäume', en: 'Street trees' }, description: { de: 'Bäume an Straßen, Baumpatenschaften', en: 'Trees along streets' } }],
      },
    ],
    districts: [{ key: 'mitte', nr: 1, name: 'Mitte', stadtteile: [{ key: 'wiesdorf', nr: '11', name: 'Wiesdorf' }, { key: 'opladen', nr: '12', name: 'Opladen' }] }],
    opensOn: null,
    closesOn: null,
    suppressionThreshold: 5,
    retentionUntil: null,
  };
}
