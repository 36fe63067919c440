import { createHash } from 'node:crypto';
import type { Db } from '../../../db/index.ts';
import type { ReadPool } from '../../read-worker/pool.ts';
import type { UserRow } from '../auth/auth.repo.ts';
import { CLI_OPERATOR } from '../auth/operator.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';
import { recordExport } from '../results/results.audit.ts';

export const CONCEPT_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface BuiltConcept {
  bytes: Buffer;
  filename: string;
}

/** Gathers the figures on a read worker (they are the heavy part) and writes the document. `user` null: the command line. */
export async function buildConcept(reads: ReadPool, process: ProcessRow, user: UserRow | null): Promise<BuiltConcept> {
  const data = await reads.call('conceptData', { process, user: user ?? CLI_OPERATOR });
  // The Word writer (docx) loads with the first draft asked for, not with the server.
  const { renderConcept } = await import('./concept.docx.ts');
  return { bytes: await renderConcept(data), filename: `mitreden-${process.slug}-konzeptentwurf-${data.generatedOn}.docx` };
}

/** One audit row per draft taken, like every export: who, how, the file's size and SHA-256 (returned). */
export function recordConcept(db: Db, process: ProcessRow, user: UserRow | null, via: 'web' | 'cli', concept: BuiltConcept): string {
  const sha256 = createHash('sha256').update(concept.bytes).digest('hex');
  recordExport(db, {
    userId: user?.id ?? null,
    username: user?.username ?? null,
    processId: process.id,
    via,
    format: 'concept.docx',
    filename: concept.filename,
    filter: {},
    rows: 0,
    bytes: concept.bytes.length,
    sha256,
    completed: true,
  });
  return sha256;
}
