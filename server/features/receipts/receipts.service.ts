import { randomFillSync } from 'node:crypto';
import type { DbOrTx } from '../../../db/index.ts';
import type { Receipt } from '../../../shared/api/receipts.ts';
import { PLACE_OUTSIDE } from '../../../shared/domain.ts';
import { formatReceiptCode, makeReceiptCode, type RandomFill } from '../../../shared/receipts/code.ts';
import { notFound } from '../../errors.ts';
import { outcomeForContribution } from '../measures/outcomes.ts';
import { findProcessById, loadProcessParts } from '../processes/processes.repo.ts';
import * as repo from './receipts.repo.ts';

/**
 * Fresh codes tried before giving up. At a million receipts a random code is taken with a chance
 * of about 1.3·10^-12, so a second try is already a curiosity; the bound only keeps a broken
 * random source from looping forever.
 */
const MAX_TRIES = 8;

/**
 * Random bytes for codes from a pool filled by node:crypto 4 KiB at a time: Web Crypto's
 * `getRandomValues` per code was about 3 % of a stall sync. Every byte is used once.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
const pooledFill: RandomFill = (bytes) => {
  if (poolOffset + bytes.length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  bytes.set(pool.subarray(poolOffset, poolOffset + bytes.length));
  poolOffset += bytes.length;
  return bytes;
};

type ReceiptOwner = { processId: string; responseId: string | null; contributionId: string | null };

/** Stores the receipt under a fresh random code that no other voice holds; the code. */
function insertFreshReceipt(tx: DbOrTx, owner: ReceiptOwner): string {
  for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
    const code = makeReceiptCode(pooledFill);
    if (repo.insertReceiptIfFree(tx, { code, ...owner })) return code;
  }
  throw new Error('No free receipt code found: is the random source broken?');
}

/** What a voice's receipt came out as: its code, and whether that is another than the tablet asked for. */
export interface IssuedReceipt {
  code: string;
  /** The code the tablet made was taken by another voice; the voice got `code` instead. */
  replaced: boolean;
}

/**
 * The receipt of a voice being recorded, inside the caller's write transaction (the survey's
 * group commit, a stall sync slice): a questionnaire's free-text answers share the response's
 * one code, made here the first time; a note without a questionnaire gets its own, the code the
 * tablet made offline (`wanted`) when it is free, else a fresh one, which the sync answer hands
 * back so the tablet shows that instead. A code is taken when free in one statement
 * (`insertReceiptIfFree`), under the transaction's write lock.
 */
export function issueReceipt(tx: DbOrTx, voice: { processId: string; contributionId: string; responseId: string | null; wanted?: string | undefined }): IssuedReceipt {
  if (voice.responseId) {
    const existing = repo.codeOfResponse(tx, voice.responseId);
    if (existing) return { code: existing, replaced: false };
    return { code: insertFreshReceipt(tx, { processId: voice.processId, responseId: voice.responseId, contributionId: null }), replaced: false };
  }
  // The voice was inserted just now in this transaction, so it has no receipt yet.
  const owner = { processId: voice.processId, responseId: null, contributionId: voice.contributionId };
  if (voice.wanted !== undefined && repo.insertReceiptIfFree(tx, { code: voice.wanted, ...owner })) return { code: voice.wanted, replaced: false };
  return { code: insertFreshReceipt(tx, owner), replaced: voice.wanted !== undefined };
}

/**
 * `issueReceipt` for many notes recorded in this transaction (a stall sync slice), in a few
 * multi-row statements: each takes the code its tablet made when free, else a fresh one; the
 * issued codes in the voices' order. Voices of a questionnaire go through `issueReceipt`.
 */
export function issueReceipts(tx: DbOrTx, voices: ReadonlyArray<{ processId: string; contributionId: string; wanted?: string | undefined }>): IssuedReceipt[] {
  const issued = new Map<string, IssuedReceipt>();
  const take = (rows: Array<{ code: string; processId: string; responseId: null; contributionId: string }>, replaced: (contributionId: string) => boolean) => {
    const codes = new Map(rows.map((row) => [row.contributionId, row.code]));
    for (const { contributionId } of repo.insertReceiptsIfFree(tx, rows)) issued.set(contributionId, { code: codes.get(contributionId)!, replaced: replaced(contributionId) });
  };
  const wanted = new Set<string>();
  const asked = voices.flatMap((voice) => (voice.wanted === undefined ? [] : [{ code: voice.wanted, processId: voice.processId, responseId: null, contributionId: voice.contributionId }]));
  for (const row of asked) wanted.add(row.contributionId);
  if (asked.length > 0) take(asked, () => false);
  for (let attempt = 0; attempt < MAX_TRIES && issued.size < voices.length; attempt += 1) {
    const fresh = voices.flatMap((voice) => (issued.has(voice.contributionId) ? [] : [{ code: makeReceiptCode(pooledFill), processId: voice.processId, responseId: null, contributionId: voice.contributionId }]));
    take(fresh, (contributionId) => wanted.has(contributionId));
  }
  return voices.map((voice) => {
    const receipt = issued.get(voice.contributionId);
    if (!receipt) throw new Error('No free receipt code found: is the random source broken?');
    return receipt;
  });
}

/**
 * The receipt of a questionnaire stored in this same transaction, before its free-text answers
 * are recorded (`responseReceipt` of `recordContribution`): it has none yet, so no lookup first.
 */
export function issueResponseReceipt(tx: DbOrTx, processId: string, responseId: string): string {
  return insertFreshReceipt(tx, { processId, responseId, contributionId: null });
}

export const codeOfResponse = repo.codeOfResponse;
export const codeOfContribution = repo.codeOfContribution;
export const codesOfContributions = repo.codesOfContributions;

/**
 * `GET /api/receipts/:code`: what the holder of a code may read. A code nobody was given, or one
 * of a process still in draft, is a 404 alike, so a guess learns nothing. The fields' labels come
 * in every language the process has; the page picks its own.
 */
export function lookupReceipt(db: DbOrTx, code: string): Receipt {
  const receipt = repo.findReceipt(db, code);
  const process = receipt ? findProcessById(db, receipt.processId) : undefined;
  if (!receipt || !process || process.status === 'draft') throw notFound('Receipt');
  const voices = repo.contributionsOfReceipt(db, receipt);
  const first = voices[0];
  if (!first) throw notFound('Receipt');
  const parts = loadProcessParts(db, process.id);
  const fieldLabel = new Map(parts.fields.map((field) => [field.key, field.label]));
  const fieldOrder = new Map(parts.fields.map((field, index) => [field.key, index]));
  const stadtteilName = new Map(parts.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name]));
  const fields = repo.confirmedFields(db, voices.map((voice) => voice.id));
  return {
    code: formatReceiptCode(receipt.code),
    process: { slug: process.slug, title: process.title, city: process.city },
    channel: first.channel,
    day: first.capturedOn,
    contributions: voices.map((voice) => {
      const hidden = voice.status === 'hidden';
      const keys = (fields.get(voice.id) ?? []).filter((key) => fieldLabel.has(key)).sort((a, b) => fieldOrder.get(a)! - fieldOrder.get(b)!);
      const place = voice.stadtteilKey;
      return {
        text: hidden ? null : voice.maskedText,
        hidden,
        language: voice.language,
        fieldsOfAction: keys.map((key) => ({ key, label: fieldLabel.get(key)! })),
        stadtteil: place === null ? null : { key: place, name: place === PLACE_OUTSIDE ? null : (stadtteilName.get(place) ?? null) },
        outcome: outcomeForContribution(db, process.id, voice.id) ?? { kind: 'open', reason: null, passedTo: null, decidedOn: null, measures: [] },
      };
    }),
  };
}
