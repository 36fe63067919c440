// Per-question results and cross-tabs over 200,000 responses (`_bigdata.ts`), each beside a
// hand-written GROUP BY on the same file in the same run, and the ratio (target ≤ 1.5×).
//
// Measured: the functions the route and the export worker call (`computeQuestionResults`,
// `computeCrosstab`: access decided, SQL counting, suppression, presenting) plus JSON.stringify of
// the answer. The ceiling: what someone would write by hand in the sqlite3 shell for the same
// counts — the answers grouped by question and value joined to the unflagged responses of the
// process (and, for the cross-tab, to the other question's answers), over the same indexes.
// Each figure is the median of several runs after one warm-up, so both sides read a warm cache.

import { findProcessBySlug, loadProcessParts } from '../../server/features/processes/processes.repo.ts';
import { computeCrosstab, computeQuestionResults } from '../../server/features/results/question-results.ts';
import { closeDatabase, openDatabase } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import { responseFilterSchema } from '../../shared/api/question-results.ts';
import { BIG_DATA, bigDatabase } from './_bigdata.ts';
import { fmt } from './_util.ts';

const RUNS = Number(process.env.RESULTS_BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time in ms of `RUNS` calls after a warm-up, and the last call's result. */
function time<T>(fn: () => T): { ms: number; result: T } {
  let result = fn();
  // What the route sends is JSON: serialising it is part of the answer.
  JSON.stringify(result);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    result = fn();
    JSON.stringify(result);
    times.push(performance.now() - started);
  }
  return { ms: median(times), result };
}

function line(label: string, ours: number, ceiling: number, note = '') {
  const ratio = ours / ceiling;
  console.log(`${label.padEnd(58)} ${fmt(ours, 0).padStart(7)} ms   hand-written GROUP BY ${fmt(ceiling, 0).padStart(7)} ms   ${fmt(ratio, 2)}× ${ratio <= 1.5 ? '(≤ 1.5× ✓)' : '(over 1.5×)'}${note}`);
}

export async function run(): Promise<void> {
  // The responses are what these figures read; the contributions only make the file bigger, so a few suffice.
  const path = bigDatabase({ ...BIG_DATA, contributions: 10_000 });
  const db = openDatabase(path);
  try {
    const sqlite = db.$client;
    const process = findProcessBySlug(db, DEFAULT_PROCESS_SLUG)!;
    const fields = loadProcessParts(db, process.id).fields.map((field) => field.key);
    const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    console.log(`${count('select count(*) n from responses').toLocaleString('en-US')} responses, ${count('select count(*) n from answers').toLocaleString('en-US')} answers, ${RUNS} runs each (median)`);
    const noFilter = responseFilterSchema.parse({});

    // 1. Every closed question, unfiltered.
    const byHand = sqlite.prepare(
      `select a.question_key, a.value, count(*) n from responses r join answers a on a.response_id = r.id
       where r.process_id = ? and r.flags = '[]' group by a.question_key, a.value`,
    );
    const ceiling = time(() => byHand.all(process.id));
    const ours = time(() => computeQuestionResults(db, { processId: process.id, readableFields: fields, query: noFilter }));
    line(`per-question results, all ${ours.result.questions.length} closed questions`, ours.ms, ceiling.ms);

    // 2. The same with a demographic band (respondents who came in the last five years).
    const band = { question: 'years-in-germany', option: '2-5' };
    const byHandBand = sqlite.prepare(
      `select a.question_key, a.value, count(*) n from responses r join answers a on a.response_id = r.id
       where r.process_id = ? and r.flags = '[]'
         and exists (select 1 from answers b where b.response_id = r.id and b.question_key = ? and b.value = json_quote(?))
       group by a.question_key, a.value`,
    );
    const ceilingBand = time(() => byHandBand.all(process.id, band.question, band.option));
    const oursBand = time(() => computeQuestionResults(db, { processId: process.id, readableFields: fields, query: { ...noFilter, band } }));
    line('per-question results, band years-in-germany:2-5', oursBand.ms, ceilingBand.ms, '  (ours also counts, in the same statement, the respondents left out, to refuse a filter that singles out a few)');

    // 3. A cross-tab: how people who came when rate the chances of finding work.
    const byHandCross = sqlite.prepare(
      `select d.value, a.value, count(*) n from responses r
       join answers a on a.response_id = r.id and a.question_key = 'work-situation'
       left join answers d on d.response_id = r.id and d.question_key = 'years-in-germany'
       where r.process_id = ? and r.flags = '[]' group by 1, 2`,
    );
    const ceilingCross = time(() => byHandCross.all(process.id));
    const oursCross = time(() => computeCrosstab(db, { processId: process.id, readableFields: fields, query: { ...noFilter, question: 'work-situation', by: { dimension: 'question', question: 'years-in-germany' } } }));
    line('cross-tab work-situation × years-in-germany', oursCross.ms, ceilingCross.ms, '  (ours also gives the question\'s own figures, from the same rows, so both answers suppress alike)');

    // 4. A cross-tab of a multiple choice question by district.
    const byHandDistrict = sqlite.prepare(
      `select r.stadtteil_key, j.value, count(*) n from responses r
       join answers a on a.response_id = r.id and a.question_key = 'work-support', json_each(a.value) j
       where r.process_id = ? and r.flags = '[]' group by 1, 2`,
    );
    const ceilingDistrict = time(() => byHandDistrict.all(process.id));
    const oursDistrict = time(() => computeCrosstab(db, { processId: process.id, readableFields: fields, query: { ...noFilter, question: 'work-support', by: { dimension: 'district', question: null } } }));
    line('cross-tab work-support (multiple choice) × district', oursDistrict.ms, ceilingDistrict.ms);

    const plan = sqlite
      .prepare(`explain query plan select a.question_key, count(*) from responses r join answers a on a.response_id = r.id where r.process_id = ? and r.flags = '[]' group by 1`)
      .all(process.id) as Array<{ detail: string }>;
    console.log(`query plan: ${plan.map((row) => row.detail).join(' · ')}`);
  } finally {
    closeDatabase(db);
  }
}

if (import.meta.url === `file://${globalThis.process.argv[1]}`) await run();
