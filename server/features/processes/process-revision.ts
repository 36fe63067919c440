import { createHash } from 'node:crypto';
import type { DbOrTx } from '../../../db/index.ts';
import type { ProcessStructure } from '../../../shared/api/process-admin.ts';
import { conflict } from '../../errors.ts';
import { presentDetail } from './processes.presenter.ts';
import * as repo from './processes.repo.ts';

/**
 * A process's revision: a fingerprint of its structure as stored (texts, phases, fields, places,
 * survey window, threshold, retention date). Both admin pages that change it (Einrichten and
 * Verfahren) send the revision they loaded; a save naming another is refused (`409
 * process_changed`) and changes nothing, so a page left open does not overwrite what was saved
 * meanwhile on the other page or by another admin.
 */
export function revisionOf(structure: ProcessStructure): string {
  return createHash('sha256').update(JSON.stringify(structure)).digest('base64url').slice(0, 22);
}

/** Refuses a save whose page loaded another revision than the stored one; a save naming none (scripts, the command line) is not checked. */
export function checkRevision(current: ProcessStructure, given: string | undefined): void {
  if (given === undefined) return;
  const revision = revisionOf(current);
  if (given !== revision) {
    throw conflict('process_changed', 'The process was changed in the meantime (on another page or by another admin); reload it and make the change again', [
      { path: 'querystring.revision', message: `current revision is ${revision}` },
    ]);
  }
}

/** The process's structure as stored, in the shape an admin sends it. */
export function structureOf(db: DbOrTx, row: repo.ProcessRow): ProcessStructure {
  const detail = presentDetail(row, repo.loadProcessParts(db, row.id), false);
  return {
    title: row.title,
    description: row.description,
    city: row.city,
    languages: row.languages,
    phases: detail.phases.map(({ title, description, startsOn, endsOn }) => ({ title, description, startsOn, endsOn })),
    currentPhase: row.currentPhase,
    fieldsOfAction: detail.fieldsOfAction.map((field) => ({
      key: field.key,
      label: field.label,
      description: field.description ?? null,
      children: (field.children ?? []).map(({ key, label, description }) => ({ key, label, description: description ?? null })),
    })),
    districts: detail.districts.map(({ key, nr, name, stadtteile }) => ({ key, nr, name, stadtteile: stadtteile.map((s) => ({ key: s.key, nr: s.nr, name: s.name, nameVariants: s.nameVariants })) })),
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    suppressionThreshold: row.suppressionThreshold,
    retentionUntil: row.retentionUntil,
  };
}
