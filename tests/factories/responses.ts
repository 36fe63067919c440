import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { Channel } from '../../shared/domain.ts';
import type { Language } from '../../shared/languages.ts';
import { findProcessBySlug } from '../../server/features/processes/processes.repo.ts';
import { submitResponse } from '../../server/features/survey/survey.service.ts';

/**
 * A survey response to version 1 of the default survey; fills in the rest (online, German,
 * from Gronau, one answer in the field "arbeit", no free text so it makes no contribution).
 * `process`: the slug of a copy of the default process (`buildProcess`) to answer instead.
 */
export function buildResponse(
  db: Db,
  overrides: { process?: string; answers?: Record<string, unknown>; stadtteil?: string; channel?: Channel; language?: Language; flags?: string[]; submittedOn?: string; surveyVersion?: number } = {},
) {
  const process = findProcessBySlug(db, overrides.process ?? 'integrationskonzept')!;
  const id = randomUUID();
  const result = submitResponse(db, {
    processId: process.id,
    response: { id, surveyVersion: overrides.surveyVersion ?? 1, language: overrides.language ?? 'de', answers: { 'work-situation': 4, district: overrides.stadtteil ?? 'gronau', ...overrides.answers } },
    channel: overrides.channel ?? 'online',
    flags: overrides.flags ?? [],
    enforceWindow: false,
    submittedOn: overrides.submittedOn ?? '2026-11-20',
  });
  if (result.status !== 'stored') throw new Error(`response not stored: ${JSON.stringify(result)}`);
  return id;
}
