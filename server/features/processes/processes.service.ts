import type { DbOrTx } from '../../../db/index.ts';
import { notFound } from '../../errors.ts';
import { localDay } from '../../time.ts';
import * as repo from './processes.repo.ts';

/** Open when today (in the city's time zone) lies within the process's optional window. */
export function isSurveyOpen(process: repo.ProcessRow, today = localDay()): boolean {
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

export function listProcesses(db: DbOrTx) {
  return repo.listProcesses(db);
}
