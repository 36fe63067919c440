// Released results: the rules of releasing, serving and withdrawing a snapshot. The figures are
// computed on a read worker (snapshots.figures.ts), turned into the document here, written once
// as canonical JSON with its SHA-256, and never computed again: every later read serves the bytes.

import { createHash } from 'node:crypto';
import type { Db } from '../../../db/index.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { updateProcessRow, type ProcessRow } from '../processes/processes.repo.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import type { AdminSnapshot, PublicSnapshot, SnapshotDocument, SnapshotSummary } from '../../../shared/api/snapshots.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_SCHEMA_PATH, type snapshotReleaseSchema } from '../../../shared/api/snapshots.ts';
import { DATA_LICENCES, type DataLicence } from '../../../shared/results/licences.ts';
import type { z } from 'zod';
import { AppError, conflict, notFound } from '../../errors.ts';
import { canonicalJson } from '../../hash.ts';
import { localDay } from '../../time.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import type { SnapshotFigures } from './snapshots.figures.ts';
import * as repo from './snapshots.repo.ts';

type Release = z.output<typeof snapshotReleaseSchema>;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The document a release freezes: what the admin wrote, the figures, the day, the licence and where its schema is. */
function documentOf(process: ProcessRow, release: Release, figures: SnapshotFigures, releasedOn: string, origin: string): SnapshotDocument {
  const licence = DATA_LICENCES[process.dataLicence];
  return {
    $schema: `${origin}${SNAPSHOT_SCHEMA_PATH}`,
    format: SNAPSHOT_FORMAT,
    id: release.id,
    process: { slug: process.slug, title: process.title },
    title: release.title,
    intro: release.intro,
    releasedOn,
    licence: { id: process.dataLicence, name: licence.name, url: licence.url, attribution: `Stadt ${process.city.de}` },
    ...figures,
  };
}

/** What an admin asked for, as it can be read back from a stored document (to tell a resend from a different release under the same id). */
const storedRequest = (document: SnapshotDocument) =>
  canonicalJson({ title: document.title, intro: document.intro, questions: document.questions.map((question) => question.key), dotVotes: document.dotVotes !== null });
const askedRequest = (release: Release) =>
  canonicalJson({ title: release.title, intro: release.intro, questions: [...new Set(release.selection.questions)], dotVotes: release.selection.dotVotes });

const figuresFor = (reads: ReadPool, process: ProcessRow, release: Release) => reads.call('snapshotFigures', { processId: process.id, selection: release.selection });

/** The document as it would be released now, not stored. */
export async function previewSnapshot(reads: ReadPool, process: ProcessRow, release: Release, origin: string): Promise<SnapshotDocument> {
  return documentOf(process, release, await figuresFor(reads, process, release), localDay(), origin);
}

function released(row: repo.SnapshotRow): PublicSnapshot {
  if (row.withdrawnOn !== null) {
    const document = JSON.parse(row.content) as SnapshotDocument;
    return { status: 'withdrawn', id: row.id, title: document.title, releasedOn: row.releasedOn, withdrawnOn: row.withdrawnOn, reason: row.withdrawnReason ?? '' };
  }
  return { status: 'released', id: row.id, sha256: row.sha256, document: JSON.parse(row.content) as SnapshotDocument };
}

/**
 * Releases a snapshot once: the same id with the same request again answers the stored one
 * (`created: false`), the same id with anything else is 409 `snapshot_conflict`. The figures are
 * read before the write; the insert and its audit entry commit together.
 */
export async function releaseSnapshot(db: Db, reads: ReadPool, process: ProcessRow, user: UserRow, release: Release, origin: string): Promise<{ snapshot: PublicSnapshot; created: boolean }> {
  const resend = (row: repo.SnapshotRow) => {
    if (row.processId !== process.id || storedRequest(JSON.parse(row.content) as SnapshotDocument) !== askedRequest(release)) {
      throw conflict('snapshot_conflict', `A different snapshot was released under the id ${release.id}`);
    }
    return { snapshot: released(row), created: false };
  };
  const before = repo.findSnapshotById(db, release.id);
  if (before) return resend(before);
  const releasedOn = localDay();
  const content = canonicalJson(documentOf(process, release, await figuresFor(reads, process, release), releasedOn, origin));
  const hash = sha256(content);
  return db.transaction((tx) => {
    // A second request with the same id may have stored it while this one computed.
    const meanwhile = repo.findSnapshotById(tx, release.id);
    if (meanwhile) return resend(meanwhile);
    repo.insertSnapshot(tx, { id: release.id, processId: process.id, content, sha256: hash, releasedOn, releasedBy: user.id });
    appendAudit(tx, {
      userId: user.id,
      action: 'snapshot_released',
      entity: 'result_snapshot',
      entityId: release.id,
      details: { process: process.slug, sha256: hash, bytes: Buffer.byteLength(content), questions: release.selection.questions, dotVotes: release.selection.dotVotes },
    });
    return { snapshot: released(repo.findSnapshotById(tx, release.id)!), created: true };
  });
}

/** Takes a snapshot off the list; its link then says it was withdrawn and why. Withdrawing again changes nothing. */
export function withdrawSnapshot(db: Db, process: ProcessRow, user: UserRow, id: string, reason: string): PublicSnapshot {
  return db.transaction((tx) => {
    const row = repo.findSnapshot(tx, process.id, id);
    if (!row) throw notFound('Snapshot');
    if (row.withdrawnOn !== null) return released(row);
    repo.markWithdrawn(tx, id, { withdrawnOn: localDay(), withdrawnBy: user.id, withdrawnReason: reason });
    appendAudit(tx, { userId: user.id, action: 'snapshot_withdrawn', entity: 'result_snapshot', entityId: id, details: { process: process.slug, reason, sha256: row.sha256 } });
    return released(repo.findSnapshot(tx, process.id, id)!);
  });
}

/** A snapshot's permanent link: 404 only for an id this process never released. */
export function getSnapshot(db: Db, process: ProcessRow, id: string): PublicSnapshot {
  const row = repo.findSnapshot(db, process.id, id);
  if (!row) throw notFound('Snapshot');
  return released(row);
}

/** The stored bytes of a released snapshot (the JSON download); a withdrawn one is 410. */
export function snapshotBytes(db: Db, process: ProcessRow, id: string): { content: string; sha256: string; releasedOn: string } {
  const row = repo.findSnapshot(db, process.id, id);
  if (!row) throw notFound('Snapshot');
  if (row.withdrawnOn !== null) throw new AppError(410, 'snapshot_withdrawn', `This snapshot was withdrawn on ${row.withdrawnOn}`);
  return { content: row.content, sha256: row.sha256, releasedOn: row.releasedOn };
}

function meta(row: repo.SnapshotRow) {
  const document = JSON.parse(row.content) as SnapshotDocument;
  return { id: row.id, title: document.title, intro: document.intro, releasedOn: row.releasedOn, sha256: row.sha256, questions: document.questions.length, dotVotes: document.dotVotes !== null };
}

export function listReleased(db: Db, process: ProcessRow): SnapshotSummary[] {
  return repo.listSnapshots(db, process.id, 'released').map(({ snapshot }) => meta(snapshot));
}

export function listForAdmin(db: Db, process: ProcessRow): { licence: { licence: DataLicence; name: string; url: string }; snapshots: AdminSnapshot[] } {
  return {
    licence: licenceOf(process.dataLicence),
    snapshots: repo.listSnapshots(db, process.id, 'all').map(({ snapshot, releasedBy }) => ({
      ...meta(snapshot),
      releasedBy,
      withdrawnOn: snapshot.withdrawnOn,
      withdrawnReason: snapshot.withdrawnReason,
    })),
  };
}

const licenceOf = (licence: DataLicence) => ({ licence, ...DATA_LICENCES[licence] });

/** The licence the process's next releases carry; released ones keep theirs. Audited. */
export function setDataLicence(db: Db, process: ProcessRow, user: UserRow, licence: DataLicence) {
  db.transaction((tx) => {
    updateProcessRow(tx, process.id, { dataLicence: licence });
    appendAudit(tx, { userId: user.id, action: 'data_licence_set', entity: 'process', entityId: process.slug, details: { from: process.dataLicence, to: licence } });
  });
  return licenceOf(licence);
}

/** For the survey's thank-you page. */
export function resultsNotice(db: Db, process: ProcessRow) {
  return { released: repo.countReleased(db, process.id), closesOn: process.closesOn };
}
