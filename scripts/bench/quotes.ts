/**
 * The quote browser at scale, `npm run bench -- quotes` (QUOTES_BENCH_ROWS, default 100,000):
 *
 * 1. The cost of numbering and indexing at insert: the same N contributions inserted in one SQL
 *    statement into `contributions` (the cite-number trigger and the FTS5 triggers run) and into a
 *    copy of the table without triggers (the ceiling).
 * 2. A page of quotes through the service (`quotePage`, as the route runs it: scope, threshold
 *    check, page, group counts, places, keywords), median of 5, beside a hand-written query for the
 *    same page in the same run: the first page of all quotes, a prefix search, a search with a
 *    channel, and an age band.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG, seedDefaultProcess, seedDefaultSurvey } from '../../db/seed/index.ts';
import type { UserRow } from '../../server/features/auth/auth.repo.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { quotePage } from '../../server/features/results/quotes.service.ts';
import { quotesQuerySchema } from '../../shared/api/quotes.ts';
import { fmt } from './_util.ts';

const ROWS = Number(process.env.QUOTES_BENCH_ROWS ?? 100_000);

const SENTENCES = [
  'Mehr Sprachkurse am Abend für Berufstätige',
  'Die Kita in unserem Viertel hat keinen Platz',
  'Bürgerbüro braucht Termine auf Türkisch',
  'Anerkennung meines Abschlusses dauert zu lange',
  'Treffpunkte für Jugendliche fehlen im Stadtteil',
  'Nachbarschaftsfeste verbinden die Menschen',
  'Ausbildungsplätze für junge Geflüchtete',
  'نحتاج دورات لغة في المساء',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => unknown, times = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-quotes-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    seedDefaultProcess(db);
    seedDefaultSurvey(db);
    const process = findProcessBySlug(db, DEFAULT_PROCESS_SLUG)!;
    const sqlite = db.$client;
    const values = SENTENCES.map((text) => `('${text}')`).join(',');
    const insert = (table: string) => `
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ROWS}),
           s(k, text) as (select row_number() over () - 1, column1 from (values ${values}))
      insert into ${table} (id, process_id, channel, text, masked_text, language, stadtteil_key, age_band, captured_on, content_hash, kind)
      select printf('c-%08d', i), '${process.id}', case i % 3 when 0 then 'online' when 1 then 'stall' else 'conference' end,
             s.text || ' ' || i, s.text || ' ' || i, case when s.k = 7 then 'ar' else 'de' end,
             case i % 4 when 0 then 'gronau' when 1 then 'refrath' when 2 then 'bensberg' else null end,
             case i % 5 when 0 then '65-plus' when 1 then '18-29' else '30-49' end,
             printf('2026-%02d-10', 1 + i % 12), 'h', 'idea'
      from n join s on s.k = i % ${SENTENCES.length}`;

    sqlite.exec('create table bare_contributions as select * from contributions where 0');
    const bare = time(() => sqlite.transaction(() => sqlite.exec(insert('bare_contributions')))(), 1);
    const withTriggers = time(() => sqlite.transaction(() => sqlite.exec(insert('contributions')))(), 1);
    sqlite.exec(`insert into contribution_tags (contribution_id, field_key, source, created_at)
      select id, case rowid % 4 when 0 then 'arbeit' when 1 then 'bildung-ausserschulisch' when 2 then 'teilhabe' else 'freizeit' end, 'staff', captured_on from contributions`);
    sqlite.exec('analyze');
    console.log(`${fmt(ROWS, 0)} contributions inserted in one statement:`);
    console.log(
      `  with cite number and FTS5 triggers ${fmt(withTriggers, 0)} ms (${fmt((withTriggers / ROWS) * 1000, 2)} µs each)` +
        ` | ceiling: bare table ${fmt(bare, 0)} ms (${fmt((bare / ROWS) * 1000, 2)} µs each) | ratio ${fmt(withTriggers / bare, 2)}`,
    );

    const admin = { id: 1, role: 'admin', fieldsOfAction: [] } as unknown as UserRow;
    const page = (query: Record<string, string>) => quotePage(db, process, admin, quotesQuerySchema.parse(query));
    const rowsOf = (sql: string, ...params: unknown[]) => () => sqlite.prepare(sql).all(...params);
    const grouped = (extra: string, join = '', order = '') => `
      select c.id, c.cite_seq, c.masked_text, (select min(f.sort_order) from contribution_tags t join fields_of_action f on f.process_id = c.process_id and f.key = t.field_key
        where t.contribution_id = c.id and t.source <> 'suggested') as g
      from contributions c ${join} where c.process_id = ? and c.status = 'visible' ${extra} order by g${order}, c.cite_seq desc limit 20`;
    const search = `join contributions_fts on contributions_fts.rowid = c.rowid and contributions_fts match '"sprach"*'`;
    const cases: Array<[string, Record<string, string>, () => unknown]> = [
      ['first page of all quotes', {}, rowsOf(grouped(''), process.id)],
      ['search "sprach"', { q: 'sprach' }, rowsOf(grouped('', search, ', contributions_fts.rank'), process.id)],
      ['search "sprach" + channel', { q: 'sprach', channel: 'stall' }, rowsOf(grouped("and c.channel = 'stall'", search, ', contributions_fts.rank'), process.id)],
      ['age band 65+', { band: 'age-band:65-plus' }, rowsOf(grouped("and c.age_band = '65-plus'"), process.id)],
    ];
    console.log('A page of 20 quotes (median of 5):');
    for (const [name, query, ceiling] of cases) {
      const measured = time(() => page(query));
      const floor = time(ceiling);
      console.log(`  ${name}: quotePage ${fmt(measured, 1)} ms | ceiling: hand-written page query ${fmt(floor, 1)} ms | ratio ${fmt(measured / floor, 2)}`);
    }
  } finally {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}
