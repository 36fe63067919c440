import { citeId, type Quote } from '../../../shared/api/quotes.ts';
import { stripBidiControls } from '../../../shared/text/normalize.ts';
import type { QuoteRow } from './quotes.repo.ts';

/** One quote as a working group reads it, field by field: masked texts, the month, a coarse place, the cite id. */
export function presentQuote(
  row: QuoteRow,
  extra: { area: string | null; fields: string[]; group: string; german: string | null; keywords: Quote['keywords'] },
): Quote {
  return {
    citeId: citeId(row.citeSeq),
    id: row.id,
    text: stripBidiControls(row.maskedText),
    language: row.language,
    german: extra.german === null ? null : { text: stripBidiControls(extra.german), source: 'human' },
    kind: row.kind,
    channel: row.channel,
    area: extra.area,
    month: row.capturedOn.slice(0, 7),
    fieldsOfAction: extra.fields,
    group: extra.group,
    keywords: extra.keywords,
  };
}
