import type { Db, DbOrTx } from '../../../db/index.ts';
import type { ProcessSettings } from '../../../shared/api/processes.ts';
import { badRequest, notFound } from '../../errors.ts';
import { appendAudit } from '../audit/audit.repo.ts';
import { localDay } from '../../time.ts';
import { checkRevision, structureOf } from './process-revision.ts';
import * as repo from './processes.repo.ts';

/** Open when the process is public and today (in the city's time zone) lies within its optional window. */
export function isSurveyOpen(process: repo.ProcessRow, today = localDay()): boolean {
  if (process.status !== 'public') return false;
  if (process.opensOn && today < process.opensOn) return false;
  if (process.closesOn && today > process.closesOn) return false;
  return true;
}

export function getProcess(db: DbOrTx, slug: string): repo.ProcessRow {
  const process = repo.findProcessBySlug(db, slug);
  if (!process) throw notFound(`Process ${slug}`);
  return process;
}

export function getProcessWithParts(db: DbOrTx, slug: string) {
  const process = getProcess(db, slug);
  return { process, parts: repo.loadProcessParts(db, process.id) };
}

/** What residents and staff see: public and archived processes, never drafts. */
export function listProcesses(db: DbOrTx) {
  return repo.listProcesses(db).filter((process) => process.status !== 'draft');
}

/** A process residents may see: a draft is as unknown to them as a process that does not exist. */
export function getVisibleProcessWithParts(db: DbOrTx, slug: string) {
  const found = getProcessWithParts(db, slug);
  if (found.process.status === 'draft') throw notFound(`Process ${slug}`);
  return found;
}

/**
 * An admin changes phase, survey window, threshold or retention date; every change is audited. A
 * save naming the revision its page loaded is refused while another save came between.
 */
export function updateSettings(db: Db, slug: string, settings: ProcessSettings, userId: number, revision?: string) {
  return db.transaction((tx) => {
    const process = getProcess(tx, slug);
    checkRevision(structureOf(tx, process), revision);
    // A PATCH that names nothing to change changes nothing and leaves no audit entry.
    if (Object.values(settings).every((value) => value === undefined)) return process;
    if (settings.currentPhase !== undefined && !repo.loadProcessParts(tx, process.id).phases.some((phase) => phase.nr === settings.currentPhase)) {
      throw badRequest('unknown_phase', `The process has no phase ${settings.currentPhase}`);
    }
    const opensOn = settings.opensOn === undefined ? process.opensOn : settings.opensOn;
    const closesOn = settings.closesOn === undefined ? process.closesOn : settings.closesOn;
    if (opensOn && closesOn && opensOn > closesOn) throw badRequest('invalid_window', 'The survey cannot close before it opens');
    repo.updateProcess(tx, process.id, settings);
    appendAudit(tx, { userId, action: 'process_updated', entity: 'process', entityId: slug, details: settings });
    return getProcess(tx, slug);
  });
}
