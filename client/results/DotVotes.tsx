import type { FieldOfActionNode } from '../../shared/api/processes.ts';
import { flattenFields, staffText } from '../ui/labels.ts';
import { germanDate } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi, useShownFor } from '../ui/useApi.ts';
import { DotVotesByField } from '../charts/DotVotesByField.tsx';
import { FigureCell, WithheldNotes } from '../charts/QuestionFigure.tsx';
import { staffLocale } from '../i18n/staff.ts';
import { NarrowedNote } from './Figures.tsx';
import { t, tn } from './messages.ts';

/**
 * What the dot votes say when there are none to show: under a sub-field that the posters' dots
 * count under its top field, under a Stadtbezirk that had no market day with dots, or none at all.
 * "Noch keine Klebepunkte gezählt" under a filter read as if no market day had counted any.
 */
export function dotVotesEmptyText(fields: readonly FieldOfActionNode[], field: string, districtName: string | null): string {
  const top = field ? fields.find((node) => flattenFields([node]).some((option) => option.key === field)) : undefined;
  if (top && top.key !== field) {
    const label = flattenFields([top]).find((option) => option.key === field)!.label;
    return t('dotVotes.noneForSubfield', { field: label, parent: staffText(top.label) });
  }
  if (districtName) return t('dotVotes.noneInDistrict', { district: districtName });
  if (field) return t('dotVotes.noneForField');
  return t('dotVotes.noDotVotesCounted');
}

/**
 * What the dot votes say when a filter of the page cannot apply to dots (stuck at the stall
 * without channel, language or personal detail); null when none is set. The filters are named as
 * the filter form names them, the verb agreeing („Der Filter Kanal gilt …“, „Die Filter Kanal und
 * Gruppe (Angabe zur Person) gelten …“), each with its own reason — dots come from the stall only,
 * not online or on paper; they belong to no questionnaire and so to no language; whoever sticks
 * one gives no personal detail — and what stands below: everyone's dots at the stall, and „nicht
 * nur dieser Gruppe“ only where a group is chosen.
 */
export function dotVotesIgnoredText(filters: { channel: string; language: string; band: string }): string | null {
  const ignored = [
    filters.channel ? { name: t('resultsFilters.channel'), reason: t('dotVotes.ignoredChannel') } : null,
    filters.language ? { name: t('resultsFilters.languageOfTheResponse'), reason: t('dotVotes.ignoredLanguage') } : null,
    filters.band ? { name: t('resultsFilters.groupPersonalDetail'), reason: t('dotVotes.ignoredGroup') } : null,
  ].filter((filter) => filter !== null);
  if (ignored.length === 0) return null;
  const names = new Intl.ListFormat(staffLocale(), { type: 'conjunction' }).format(ignored.map((filter) => filter.name));
  return [
    tn('dotVotes.filtersIgnored', ignored.length, { filters: names }),
    ...ignored.map((filter) => filter.reason),
    t(filters.band ? 'dotVotes.allAtTheStallNotGroup' : 'dotVotes.allAtTheStall'),
  ].join(' ');
}

/**
 * The market days' dot votes ("Klebepunkte"), under the page's field of action and the market
 * day's place (Stadtbezirk, Stadtteil): the fields-of-action boards added up by field (bars) and
 * by field and Stadtteil (table, with totals), then each market day's board with its options and
 * total. Which filters apply is said under the heading; a filter that cannot (channel, language, a
 * personal detail) is named with its reason (`ignored`, from `dotVotesIgnoredText`), so the dots
 * are not read as that group's. Withheld counts read "< 5" or "verdeckt" with the reason, as
 * everywhere on the page.
 */
export function DotVotes({
  slug,
  field,
  narrowed,
  place,
  ignored,
  empty,
}: {
  slug: string;
  field: string;
  /** The place the dots are narrowed to, in the downloads' words (`narrowedParts`); none without one. */
  narrowed: string[];
  place: { district: string; stadtteil: string; name: string | null };
  ignored: string | null;
  empty: string;
}) {
  const votes = useApi('GET /api/processes/:slug/dot-votes', {
    params: { slug },
    query: { field: field || undefined, district: place.district || undefined, stadtteil: place.stadtteil || undefined },
  });
  const data = votes.data;
  const shownNarrowed = useShownFor(narrowed, votes);
  const inPlace = (place.district || place.stadtteil) && place.name;
  return (
    <section aria-labelledby="dot-votes-title" aria-busy={votes.loading}>
      <h2 id="dot-votes-title">{t('dotVotes.dotVotesOnThe')}</h2>
      <NarrowedNote narrowed={shownNarrowed} stale={votes.stale} />
      <p class="hint" id="dot-votes-filters">
        {t('dotVotes.filtersThatApply')}
      </p>
      {ignored && (
        <p class="notice warn" role="status">
          {ignored}
        </p>
      )}
      {votes.loading && <Loading label={t('dotVotes.loadingDotVotes')} />}
      {votes.error ? <ErrorNotice error={votes.error} /> : null}
      {data && data.boards.length === 0 && <p>{empty}</p>}
      {data && data.boards.length > 0 && (
        <div class={votes.stale ? 'stale' : undefined}>
          <p class="hint">{t('dotVotes.dotsAreCountedNot')}</p>
          {data.byStadtteil.fields.length > 0 && (
            // Under a Stadtbezirk or Stadtteil the sum is of its market days only, not „Alle Markttage zusammen“.
            <DotVotesByField result={data} meta={inPlace ? t('dotVotes.marketDaysOfDistrict', { district: place.name! }) : undefined} />
          )}
          <h3>{t('dotVotes.perMarketDay')}</h3>
          {data.boards.map((board) => {
            const id = `board-${board.marketDayId}`;
            const where = [germanDate(board.date), board.place, board.stadtteil?.label].filter(Boolean).join(', ');
            return (
              <div class="dot-board-wrap" key={board.marketDayId}>
                <ScrollArea labelledBy={`${id}-caption`}>
                  <table class="counts dot-board">
                    <caption id={`${id}-caption`}>
                      <span dir="auto">{board.question ?? t('dotVotes.fieldsOfAction')}</span>
                      <span class="hint"> · {where}</span>
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('dotVotes.answer')}</th>
                        <th scope="col">{t('dotVotes.dots')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {board.options.map((option) => (
                        <tr key={option.key}>
                          <th scope="row" dir="auto">
                            {option.label}
                          </th>
                          <FigureCell figure={option.count} threshold={data.threshold} idPrefix={id} />
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('dotVotes.together')}</th>
                        <FigureCell figure={board.total} threshold={data.threshold} idPrefix={id} />
                      </tr>
                    </tfoot>
                  </table>
                </ScrollArea>
                <WithheldNotes idPrefix={id} figures={[...board.options.map((option) => option.count), board.total]} threshold={data.threshold} unit="dots" />
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
