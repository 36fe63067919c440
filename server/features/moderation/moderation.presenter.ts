import type { ModerationItem } from '../../../shared/api/moderation.ts';
import { RESPONSE_FLAGS, type ResponseFlag } from '../../../shared/api/survey.ts';
import { citeId } from '../../../shared/api/quotes.ts';
import type { ContributionRow, TagRow, TranslationRow } from '../contributions/contributions.repo.ts';

export function presentModerationItem(row: ContributionRow, tags: TagRow[], suggestion: ModerationItem['suggestion'], german: TranslationRow | null, responseFlags: readonly string[]): ModerationItem {
  return {
    id: row.id,
    citeId: citeId(row.citeSeq!),
    channel: row.channel,
    kind: row.kind,
    text: row.text,
    maskedText: row.maskedText,
    language: row.language,
    stadtteil: row.stadtteilKey,
    stadtteilSource: row.stadtteilSource,
    capturedOn: row.capturedOn,
    marketDayId: row.marketDayId,
    questionKey: row.questionKey,
    status: row.status,
    hiddenReason: row.hiddenReason,
    flags: row.flags,
    responseFlags: responseFlags.filter((flag): flag is ResponseFlag => (RESPONSE_FLAGS as readonly string[]).includes(flag)),
    version: row.version,
    reviewed: row.reviewedAt !== null,
    tags: tags.map((tag) => ({ field: tag.fieldKey, source: tag.source, score: tag.score })),
    suggestion,
    german: german && { text: german.text, maskedText: german.maskedText, source: german.source, translatedAt: german.translatedAt },
  };
}
