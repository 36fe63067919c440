/**
 * The moderation area at scale, `npm run bench -- moderation-scale`: a process with 300,000
 * contributions (`_bigdata.ts`, MODERATION_BENCH_ROWS), then a moderator's mix laid over them —
 * most of what a moderator decided carries `reviewed_at`, a few notes wait without a field of
 * action, a few are flagged (personal data masked, names masked, changed after review).
 *
 * Timed through the real app (`app.inject`, signed in as an admin): the requests a moderator's
 * page load makes (the administration's start page with „Zu prüfen“, the process, its market days,
 * the queue with its counts), each tab, each filter, the next page, and a review with the queue's
 * reload after it. Each figure is the median of several runs after one warm-up, beside a ceiling
 * from the same file in the same run: a hand-written SQLite statement answering the same figures
 * (the counts of every tab in one pass, each open contribution's tags looked up once, and the
 * page's 50 rows), and the ratio.
 */
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import { buildApp } from '../../server/app.ts';
import { configSchema } from '../../server/config.ts';
import { createUser } from '../../server/features/auth/auth.service.ts';
import { findUserByUsername } from '../../server/features/auth/auth.repo.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { BIG_DATA, bigDatabase } from './_bigdata.ts';
import { fmt } from './_util.ts';

const ROWS = Number(process.env.MODERATION_BENCH_ROWS ?? 300_000);
const RUNS = Number(process.env.MODERATION_BENCH_RUNS ?? 3);
const PASSWORD = 'bench passphrase for the moderators';
const PAGE = 50;
/** Bump when the moderator's mix below changes, so the cached file is made again. */
const MIX_VERSION = 1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

/**
 * The moderator's mix over a copy of the big file, deterministic by cite number: 90 % of the
 * contributions with reviewed tags were reviewed by a moderator (`reviewed_at`), 3 % of the open
 * notes lost their field of action (untagged), 4 % have personal data masked, 0.5 % names masked,
 * 2 % of the reviewed ones were changed after review.
 */
function moderationDatabase(): string {
  const base = bigDatabase({ ...BIG_DATA, contributions: ROWS, responses: Math.round(ROWS / 5) });
  const path = base.replace(/\.sqlite$/, `-moderation-${MIX_VERSION}.sqlite`);
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  copyFileSync(base, partial);
  const db = openDatabase(partial);
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite.exec(`update contributions set reviewed_at = captured_on || 'T12:00:00.000Z', stadtteil_source = coalesce(stadtteil_source, 'reviewed')
      where cite_seq % 10 <> 0 and exists (select 1 from contribution_tags t where t.contribution_id = contributions.id and t.source = 'reviewed')`);
    sqlite.exec(`delete from contribution_tags where contribution_id in
      (select id from contributions where reviewed_at is null and response_id is null and cite_seq % 100 < 3)`);
    sqlite.exec(`update contributions set flags = case
        when reviewed_at is not null and cite_seq % 50 = 7 then '["edited_after_review"]'
        when cite_seq % 200 = 11 then '["names_masked"]'
        when cite_seq % 25 = 3 then '["personal_data_masked"]'
        else flags end`);
  })();
  closeDatabase(db);
  renameSync(partial, path);
  return path;
}

function line(label: string, ours: number, ceiling: number) {
  console.log(`  ${label.padEnd(44)} ${fmt(ours, 1).padStart(8)} ms | ceiling: hand-written SQL ${fmt(ceiling, 1).padStart(7)} ms | ratio ${fmt(ours / ceiling, 2)}`);
}

export async function run(): Promise<void> {
  // The reviews below write: they go to a copy, so that every run starts from the same queue.
  const dir = mkdtempSync(join(tmpdir(), 'mitreden-bench-moderation-'));
  const path = join(dir, 'moderation.sqlite');
  copyFileSync(moderationDatabase(), path);
  const db = openDatabase(path);
  const config = configSchema.parse({ DATABASE_PATH: path, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000' });
  const { app } = await buildApp({ config, db, clientDir: null, logger: false });
  try {
    const sqlite = db.$client;
    const process = findProcessBySlug(db, DEFAULT_PROCESS_SLUG)!;
    if (!findUserByUsername(db, 'bench-moderator')) await createUser(db, { username: 'bench-moderator', password: PASSWORD, role: 'admin' }, null);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench-moderator', password: PASSWORD } });
    const setCookie = login.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response.json() as unknown;
    };
    const slug = process.slug;
    const queueUrl = (query: Record<string, string | number>) =>
      `/api/admin/processes/${slug}/moderation?${new URLSearchParams(Object.entries({ limit: PAGE, ...query }).map(([k, v]) => [k, String(v)])).toString()}`;

    const scalar = (sql: string) => sqlite.prepare(sql).pluck().get(process.id) as number;
    console.log(
      `${fmt(scalar('select count(*) from contributions where process_id = ?'), 0)} contributions: ` +
        `${fmt(scalar('select count(*) from contributions where process_id = ? and reviewed_at is not null'), 0)} reviewed, ` +
        `${fmt(scalar("select count(*) from contributions where process_id = ? and flags <> '[]'"), 0)} flagged, ` +
        `${fmt(scalar("select count(*) from contributions c where process_id = ? and not exists (select 1 from contribution_tags t where t.contribution_id = c.id)"), 0)} untagged; ` +
        `${RUNS} runs each (median)`,
    );

    // The ceiling: every tab's count in one pass, each open contribution's tags looked up once
    // (their strongest source: none, only suggested, or set by a person).
    const filterSql = (where: string) => `
      with c as materialized (select c.status, c.reviewed_at, c.flags,
          case when c.status = 'visible' and c.reviewed_at is null then (select max(t.source <> 'suggested') from contribution_tags t where t.contribution_id = c.id) end s
        from contributions c where c.process_id = ? ${where})
      select count(*) "all",
        sum(status = 'visible' and reviewed_at is null and s is null) untagged,
        sum(status = 'visible' and reviewed_at is null and s = 0) suggested,
        sum(status = 'visible' and reviewed_at is null and flags <> '[]') flagged,
        sum(status = 'visible' and reviewed_at is null and (coalesce(s, 0) = 0 or flags <> '[]')) needs_review,
        sum(status = 'visible' and reviewed_at is not null) reviewed,
        sum(status = 'hidden') hidden
      from c`;
    const stateSql: Record<string, string> = {
      needs_review: `c.status = 'visible' and c.reviewed_at is null and (not exists (select 1 from contribution_tags t where t.contribution_id = c.id and t.source <> 'suggested') or c.flags <> '[]')`,
      untagged: `c.status = 'visible' and c.reviewed_at is null and not exists (select 1 from contribution_tags t where t.contribution_id = c.id)`,
      suggested: `c.status = 'visible' and c.reviewed_at is null and exists (select 1 from contribution_tags t where t.contribution_id = c.id) and not exists (select 1 from contribution_tags t where t.contribution_id = c.id and t.source <> 'suggested')`,
      flagged: `c.status = 'visible' and c.reviewed_at is null and c.flags <> '[]'`,
      reviewed: `c.status = 'visible' and c.reviewed_at is not null`,
      hidden: `c.status = 'hidden'`,
      all: '1',
    };
    const pageSql = (state: string, where: string, offset = 0) =>
      `select c.* from contributions c where c.process_id = ? and ${stateSql[state]} ${where} order by c.captured_on desc, c.id limit ${PAGE} offset ${offset}`;
    const ceilingOf = (state: string, where = '', params: unknown[] = [], offset = 0) => {
      const counts = sqlite.prepare(filterSql(where));
      const page = sqlite.prepare(pageSql(state, where, offset));
      return () => {
        counts.get(process.id, ...params);
        page.all(process.id, ...params);
      };
    };

    const stadtteil = sqlite.prepare('select stadtteil_key from contributions where process_id = ? and stadtteil_key is not null group by 1 order by count(*) desc limit 1').pluck().get(process.id) as string;
    const field = sqlite.prepare("select field_key from contribution_tags where source = 'suggested' group by 1 order by count(*) desc limit 1").pluck().get() as string;
    const marketDay = sqlite.prepare('select market_day_id from contributions where process_id = ? and market_day_id is not null group by 1 order by count(*) desc limit 1').pluck().get(process.id) as string;

    console.log("A moderator's page load (administration's start page, then the moderation page):");
    const adminList = sqlite.prepare(`select p.*, (select count(*) from responses r where r.process_id = p.id) responses, (select count(*) from contributions c where c.process_id = p.id) contributions,
      (select count(*) from contributions c where c.process_id = p.id and ${stateSql.needs_review}) awaiting from processes p`);
    line('GET /api/admin/processes?awaitingReview=true', await time(() => get('/api/admin/processes?awaitingReview=true')), await time(() => adminList.all()));
    const processRow = sqlite.prepare('select * from processes where id = ?');
    line('GET /api/processes/:slug', await time(() => get(`/api/processes/${slug}`)), await time(() => processRow.get(process.id)));
    const days = sqlite.prepare(`select m.*, (select count(*) from contributions c where c.market_day_id = m.id and c.response_id is null) notes,
      (select count(*) from responses r where r.market_day_id = m.id) papers from market_days m where m.process_id = ? order by m.date desc`);
    const tallies = sqlite.prepare('select v.market_day_id, v.option_key, sum(v.delta) from dot_votes v join market_days m on m.id = v.market_day_id where m.process_id = ? group by 1, 2');
    line('GET /api/stall/market-days', await time(() => get(`/api/stall/market-days?processSlug=${slug}`)), await time(() => [days.all(process.id), tallies.all(process.id)]));

    console.log('The queue (50 contributions and the counts of every tab):');
    for (const state of ['needs_review', 'untagged', 'suggested', 'flagged', 'reviewed', 'hidden', 'all']) {
      line(`state=${state}`, await time(() => get(queueUrl({ state }))), await time(ceilingOf(state)));
    }
    line('state=needs_review, next page (offset 50)', await time(() => get(queueUrl({ state: 'needs_review', offset: PAGE }))), await time(ceilingOf('needs_review', '', [], PAGE)));
    const filters: Array<[string, Record<string, string>, string, unknown[]]> = [
      ['channel=stall', { channel: 'stall' }, "and c.channel = 'stall'", []],
      [`field=${field}`, { field }, 'and exists (select 1 from contribution_tags f where f.contribution_id = c.id and f.field_key = ?)', [field]],
      [`stadtteil=${stadtteil}`, { stadtteil }, 'and c.stadtteil_key = ?', [stadtteil]],
      ['stadtteil=unknown', { stadtteil: 'unknown' }, 'and c.stadtteil_key is null', []],
      ['marketDay', { marketDay }, 'and c.market_day_id = ?', [marketDay]],
    ];
    for (const [label, query, where, params] of filters) {
      line(`needs_review, ${label}`, await time(() => get(queueUrl({ state: 'needs_review', ...query }))), await time(ceilingOf('needs_review', where, params)));
    }

    // A review and the queue's reload after it, as the page does; each run reviews the next contribution of the queue.
    const queue = (await get(queueUrl({ state: 'needs_review', limit: RUNS + 1 }))) as { items: Array<{ id: string; version: number; tags: Array<{ field: string }>; stadtteil: string | null }> };
    let next = 0;
    const reviewOne = async () => {
      const item = queue.items[next++]!;
      const response = await app.inject({
        method: 'POST',
        url: `/api/admin/processes/${slug}/contributions/${item.id}/review`,
        headers,
        payload: { version: item.version, fieldsOfAction: item.tags.map((tag) => tag.field).slice(0, 1).concat(item.tags.length ? [] : [field]), stadtteil: item.stadtteil ?? 'unknown' },
      });
      if (response.statusCode !== 204) throw new Error(`review: ${response.statusCode} ${response.body}`);
      await get(queueUrl({ state: 'needs_review' }));
    };
    const reviewByHand = sqlite.prepare("update contributions set reviewed_at = reviewed_at, version = version where id = ?");
    const ceilingReview = ceilingOf('needs_review');
    line('POST review + GET queue again', await time(reviewOne), await time(() => {
      sqlite.transaction(() => reviewByHand.run(queue.items[0]!.id))();
      ceilingReview();
    }));

    const plan = sqlite.prepare(`explain query plan ${filterSql('')}`).all(process.id) as Array<{ detail: string }>;
    console.log(`query plan of the hand-written counts: ${plan.map((row) => row.detail).join(' · ')}`);
  } finally {
    await app.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${globalThis.process.argv[1]}`) await run();
