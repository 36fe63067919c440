import type { ModerationItem, PublicContribution } from '../../../shared/api/moderation.ts';
import { stripBidiControls } from '../../../shared/text/normalize.ts';
import { citeId } from '../../../shared/api/quotes.ts';
import type { ContributionRow, TagRow, TranslationRow } from '../contributions/contributions.repo.ts';

export function presentModerationItem(row: ContributionRow, tags: TagRow[], suggestion: ModerationItem['suggestion'], german: TranslationRow | null): ModerationItem {
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
    stallSessionId: row.stallSessionId,
    questionKey: row.questionKey,
    status: row.status,
    hiddenReason: row.hiddenReason,
    flags: row.flags,
    version: row.version,
    reviewed: row.reviewedAt !== null,
    tags: tags.map((tag) => ({ field: tag.fieldKey, source: tag.source, score: tag.score })),
    suggestion,
    german: german && { text: german.text, maskedText: german.maskedText, source: german.source, translatedAt: german.translatedAt },
  };
}

/** Working groups get the masked text and the month, never the original or the exact day. */
export function presentPublicContribution(row: ContributionRow, area: string | null, fields: string[]): PublicContribution {
  return {
    id: row.id,
    citeId: citeId(row.citeSeq!),
    channel: row.channel,
    kind: row.kind,
    // Stored text carries no bidi override since migration 0007; the page must not depend on that.
    text: stripBidiControls(row.maskedText),
    language: row.language,
    fieldsOfAction: fields,
    area,
    capturedOn: row.capturedOn.slice(0, 7),
  };
}
