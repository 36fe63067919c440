import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { DEFAULT_PROCESS_SLUG } from '../../db/seed/index.ts';
import type { Channel, NoteKind, TagSource } from '../../shared/domain.ts';
import type { Language } from '../../shared/languages.ts';
import { recordContribution } from '../../server/features/contributions/contributions.service.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { contentHash } from '../../server/hash.ts';

/** A contribution, in the default process unless `process` names another slug; fills in the rest (stall note, German, today, untagged). */
export function buildContribution(
  db: Db,
  overrides: {
    text?: string;
    channel?: Channel;
    kind?: NoteKind;
    language?: Language;
    fieldsOfAction?: string[];
    tagSource?: Extract<TagSource, 'self' | 'staff'>;
    stadtteil?: string | null;
    capturedOn?: string;
    process?: string;
  } = {},
) {
  const process = findProcessBySlug(db, overrides.process ?? DEFAULT_PROCESS_SLUG)!;
  const id = randomUUID();
  const text = overrides.text ?? 'Mehr Sprachkurse am Abend wären toll.';
  recordContribution(db, {
    id,
    processId: process.id,
    channel: overrides.channel ?? 'stall',
    kind: overrides.kind,
    text,
    language: overrides.language ?? 'de',
    capturedOn: overrides.capturedOn ?? '2026-11-20',
    stadtteilKey: overrides.stadtteil === undefined ? 'gronau' : overrides.stadtteil,
    contentHash: contentHash({ id, text }),
    fieldsOfAction: overrides.fieldsOfAction ?? [],
    tagSource: overrides.tagSource ?? 'staff',
  });
  return id;
}
