import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { QUOTE_EXPORT_FORMATS, type Quote, type QuotePage } from '../../shared/api/quotes.ts';
import { pathTo } from '../../shared/api/path.ts';
import type { RouteQuery } from '../../shared/api/routes.ts';
import { CHANNELS, NOTE_KINDS } from '../../shared/domain.ts';
import { htmlLang, LANGUAGES, type Language } from '../../shared/languages.ts';
import { ApiError } from '../api.ts';
import { germanDate } from '../ui/format.ts';
import { channelLabel, kindLabel, languageLabel } from '../ui/labels.ts';
import { Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import './quotes.css';
import { VoiceTexts } from './VoiceTexts.tsx';
import { t, tn } from './messages.ts';

/**
 * The address's words for the quote filters (German, like every address of the UI), and the
 * API's name for each. Demographic bands are `merkmal=age-band:65-plus,…`, one per question.
 */
const PARAMS = { suche: 'q', bezirk: 'district', stadtteil: 'stadtteil', kanal: 'channel', art: 'kind', sprache: 'language', merkmal: 'band' } as const;
type Param = keyof typeof PARAMS;
const PAGE_PARAM = 'seite';

/** What the server's refusals mean for a working group, in its words. */
function explain(error: unknown, threshold: number): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.code === 'too_few_respondents') {
    const which = (error.details as { which?: string } | undefined)?.which;
    if (which === 'withheld') return t('quoteBrowser.thisSelectionIsWithheld', { threshold });
    return which === 'rest'
      ? t('quoteBrowser.outsideTheseCharacteristicsFewer', { threshold })
      : t('quoteBrowser.thisSelectionCoversFewer', { threshold });
  }
  if (error.code === 'invalid_search') return t('quoteBrowser.theSearchCouldNot');
  return error.message;
}

/** The languages to filter by: those the process speaks and its quotes are in (the server's choice), and the one the address chose, so a link keeps its filter visible. */
function quoteLanguages(offered: readonly Language[], chosen: string): Language[] {
  return LANGUAGES.filter((language) => offered.includes(language) || language === chosen);
}

/**
 * The quote browser: a working group's quotes, filtered by place, channel, kind, language and
 * demographic band, searched, grouped by field of action and cited by a stable id. The filters
 * live in the address, so a link or the back button brings the same view back.
 */
export function QuoteBrowser({ slug, field }: { slug: string; field: string }) {
  const location = useLocation();
  const params = new URLSearchParams(location.url.split('?')[1] ?? '');
  const value = (name: Param) => params.get(name) ?? '';
  const page = Math.max(1, Number(params.get(PAGE_PARAM)) || 1);
  const bands = new Map(value('merkmal').split(',').filter(Boolean).map((band) => band.split(':') as [string, string]));

  const limit = 20;
  // The filters as the address has them (text; empty ones are left out), judged by the server's schema.
  const selection: Record<string, string> = { field };
  for (const name of Object.keys(PARAMS) as Param[]) selection[PARAMS[name]] = value(name);
  const apiQuery: Record<string, string | number> = { ...selection, limit, offset: (page - 1) * limit };
  const result = useApi('GET /api/processes/:slug/quotes', { params: { slug }, query: apiQuery as RouteQuery<'GET /api/processes/:slug/quotes'> });
  // Choices and threshold stay while a refused or new request loads, so the filters never vanish.
  const last = useRef<QuotePage | undefined>(undefined);
  if (result.data) last.current = result.data;
  // Opened from a link whose selection is refused (too few people), nothing was loaded before: the
  // choices come from the field's quotes without filters, so the page can go on from the link's.
  const unfiltered = useApi('GET /api/processes/:slug/quotes', result.error && !last.current ? { params: { slug }, query: { field, limit: 1 } as RouteQuery<'GET /api/processes/:slug/quotes'> } : null);
  const data = last.current ?? unfiltered.data;
  const threshold = data?.threshold ?? 5;

  const [search, setSearch] = useState(value('suche'));
  useEffect(() => setSearch(value('suche')), [value('suche')]);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const movedPage = useRef(false);
  useEffect(() => {
    if (movedPage.current && result.data) {
      movedPage.current = false;
      listHeading.current?.focus();
    }
  }, [result.data]);

  /** Sets filters in the address (replacing the entry, so back leaves the page) and starts again at page 1. */
  function set(changes: Partial<Record<Param | typeof PAGE_PARAM, string>>) {
    const next = new URLSearchParams(params);
    if (!(PAGE_PARAM in changes)) next.delete(PAGE_PARAM);
    for (const [name, to] of Object.entries(changes)) {
      if (to) next.set(name, to);
      else next.delete(name);
    }
    const query = next.toString();
    location.route(`${location.path}${query ? `?${query}` : ''}`, true);
  }
  const setBand = (question: string, option: string) => {
    const next = new Map(bands);
    if (option) next.set(question, option);
    else next.delete(question);
    set({ merkmal: [...next].map(([q, o]) => `${q}:${o}`).join(',') });
  };
  const goTo = (to: number) => {
    movedPage.current = true;
    set({ [PAGE_PARAM]: to > 1 ? String(to) : '' });
  };
  const filtered = (Object.keys(PARAMS) as Param[]).some((name) => value(name));

  const fieldLabel = new Map(data?.choices.fields.map((f) => [f.key, f.label]));
  const groups = groupQuotes(result.data?.quotes ?? []);
  const pages = result.data ? Math.max(1, Math.ceil(result.data.total / limit)) : 1;
  const district = value('bezirk');
  const stadtteile = (data?.choices.stadtteile ?? []).filter((s) => !district || s.district === district);

  return (
    <section class="quotes" aria-labelledby="quotes-title">
      <h2 id="quotes-title">{t('quoteBrowser.quotes')}</h2>
      <p class="hint">
        {t('quoteBrowser.whatPeopleSaidAnd', { threshold })}
      </p>

      <form
        role="search"
        aria-label={t('quoteBrowser.searchQuotes')}
        class="quote-search"
        onSubmit={(event) => {
          event.preventDefault();
          set({ suche: search.trim() });
        }}
      >
        <label for="quote-q">{t('quoteBrowser.searchInTheQuotes')}</label>
        <div class="quote-search-row">
          <input id="quote-q" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} aria-describedby="quote-q-hint" enterKeyHint="search" />
          <button type="submit" class="button">
            {t('quoteBrowser.search')}
          </button>
        </div>
        <p class="hint" id="quote-q-hint">
          {t('quoteBrowser.findsWordsThatStart')}
        </p>
      </form>

      <fieldset class="quote-filters">
        <legend>{t('quoteBrowser.filter')}</legend>
        <Select id="quote-district" label={t('quoteBrowser.district')} value={district} all={t('quoteBrowser.allDistricts')} options={data?.choices.districts ?? []} onChange={(to) => set({ bezirk: to, stadtteil: '' })} />
        <Select id="quote-stadtteil" label={t('quoteBrowser.stadtteil')} value={value('stadtteil')} all={t('quoteBrowser.allStadtteile')} options={stadtteile} onChange={(to) => set({ stadtteil: to })} />
        <Select id="quote-channel" label={t('quoteBrowser.channel')} value={value('kanal')} all={t('quoteBrowser.allChannels')} options={CHANNELS.map((key) => ({ key, label: channelLabel(key) }))} onChange={(to) => set({ kanal: to })} />
        <Select id="quote-kind" label={t('quoteBrowser.kind')} value={value('art')} all={t('quoteBrowser.allKinds')} options={NOTE_KINDS.map((key) => ({ key, label: kindLabel(key) }))} onChange={(to) => set({ art: to })} />
        <Select id="quote-language" label={t('quoteBrowser.languageOfTheQuote')} value={value('sprache')} all={t('quoteBrowser.allLanguages')} options={quoteLanguages(data?.choices.languages ?? [], value('sprache')).map((key) => ({ key, label: languageLabel(key) }))} onChange={(to) => set({ sprache: to })} />
        {data && data.choices.bands.length > 0 && (
          <fieldset class="quote-bands" aria-describedby="quote-bands-hint">
            <legend>{t('quoteBrowser.respondentsDetails')}</legend>
            <p class="hint" id="quote-bands-hint">
              {t('quoteBrowser.whatRespondentsSaidAbout')}
            </p>
            {data.choices.bands.map((band) => (
              <Select
                key={band.key}
                id={`quote-band-${band.key}`}
                label={band.label}
                value={bands.get(band.key) ?? ''}
                all={t('quoteBrowser.all')}
                options={band.options}
                onChange={(to) => setBand(band.key, to)}
              />
            ))}
          </fieldset>
        )}
        {filtered && (
          <button type="button" class="button secondary quote-reset" onClick={() => set(Object.fromEntries(Object.keys(PARAMS).map((name) => [name, ''])))}>
            {t('quoteBrowser.resetAllFilters')}
          </button>
        )}
      </fieldset>

      <div aria-live="polite" aria-atomic="true" class="quote-status">
        {result.loading ? (
          <Loading label={t('quoteBrowser.loadingQuotes')} />
        ) : result.error ? (
          <p class="notice error">{explain(result.error, threshold)}</p>
        ) : result.data ? (
          <p>
            {tn('quoteBrowser.quoteCount', result.data.total)}
            {value('suche') ? ` ${t('quoteBrowser.forSearch', { search: value('suche') ?? '' })}` : null}
            {pages > 1 ? t('quoteBrowser.pageOf', { page, pages }) : ''}.
          </p>
        ) : null}
      </div>

      {result.data && result.data.total > 0 && <SelectionDownload slug={slug} selection={selection} total={result.data.total} />}

      {result.data && result.data.groups.length > 1 && (
        <nav aria-label={t('quoteBrowser.topics')} class="quote-groups">
          <h3 class="hint">{t('quoteBrowser.byFieldOfAction')}</h3>
          <ul>
            {result.data.groups.map((group) => (
              <li key={group.key}>
                {group.label}: {group.count}
              </li>
            ))}
          </ul>
        </nav>
      )}

      <h3 class="visually-hidden" tabIndex={-1} ref={listHeading}>
        {t('quoteBrowser.quotes')}{pages > 1 ? t('quoteBrowser.page', { page }) : ''}
      </h3>
      {groups.map(({ key, quotes }) => (
        <section key={key} class="quote-group" aria-labelledby={`quote-group-${key}`}>
          <h3 id={`quote-group-${key}`}>
            {fieldLabel.get(key) ?? key} <span class="hint">({result.data!.groups.find((g) => g.key === key)?.count ?? quotes.length})</span>
          </h3>
          <ol class="quote-list">
            {quotes.map((quote) => (
              <QuoteCard key={quote.id} quote={quote} fieldLabel={fieldLabel} onKeyword={(word) => set({ suche: word })} />
            ))}
          </ol>
        </section>
      ))}

      {pages > 1 && (
        <nav aria-label={t('quoteBrowser.pagesOfQuotes')} class="quote-pages">
          <button type="button" class="button secondary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
            {t('quoteBrowser.previousPage')}
          </button>
          <span>
            {t('quoteBrowser.pageOf2', { page, pages })}
          </span>
          <button type="button" class="button secondary" disabled={page >= pages} onClick={() => goTo(page + 1)}>
            {t('quoteBrowser.nextPage')}
          </button>
        </nav>
      )}
    </section>
  );
}

const DOWNLOAD_LABELS = () => ({ csv: t('quoteBrowser.selectionAsCsv'), xlsx: t('quoteBrowser.selectionAsXlsx') });

/**
 * „Auswahl herunterladen“: the quotes the filters and the search select, all of them, as the
 * exports' table. Plain links with the filters of the address: the browser downloads with the
 * session cookie, the server checks the selection as for the page and names the file after it.
 */
function SelectionDownload({ slug, selection, total }: { slug: string; selection: Record<string, string>; total: number }) {
  const labels = DOWNLOAD_LABELS();
  return (
    <section class="quote-download" aria-labelledby="quote-download-title">
      <h3 id="quote-download-title">{t('quoteBrowser.downloadSelection')}</h3>
      <p class="hint" id="quote-download-hint">
        {tn('quoteBrowser.downloadHolds', total)}
      </p>
      <ul class="downloads">
        {QUOTE_EXPORT_FORMATS.map((format) => (
          <li key={format}>
            <a
              class="button secondary"
              href={pathTo('GET /api/processes/:slug/exports/quotes/:format', { params: { slug, format }, query: selection })}
              download={`mitreden-${slug}-zitate.${format}`}
              aria-describedby="quote-download-hint"
            >
              {labels[format]}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The page's quotes by their group, in the order the server sent them (groups are contiguous). */
function groupQuotes(quotes: Quote[]): Array<{ key: string; quotes: Quote[] }> {
  const groups: Array<{ key: string; quotes: Quote[] }> = [];
  for (const quote of quotes) {
    const last = groups[groups.length - 1];
    if (last?.key === quote.group) last.quotes.push(quote);
    else groups.push({ key: quote.group, quotes: [quote] });
  }
  return groups;
}

function Select(props: { id: string; label: string; value: string; all: string; options: Array<{ key: string; label: string }>; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.all}</option>
        {props.options.map((option) => (
          <option key={option.key} value={option.key}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One quote: its cite id, the original (in its language and direction) beside the German rendering, and where it comes from. */
function QuoteCard({ quote, fieldLabel, onKeyword }: { quote: Quote; fieldLabel: Map<string, string>; onKeyword: (word: string) => void }) {
  const citeId = `cite-${quote.citeId}`;
  const lang = quote.language ? htmlLang(quote.language) : undefined;
  const words = [...new Set(quote.keywords.flatMap((entry) => entry.words))];
  return (
    <li class="quote-card" aria-labelledby={citeId}>
      <p class="quote-cite">
        <span class="visually-hidden">{t('quoteBrowser.quote')}{' '}</span>
        <strong id={citeId} class="cite-id">
          {quote.citeId}
        </strong>
        {quote.language && quote.language !== 'de' ? <span class="quote-lang">{languageLabel(quote.language)}</span> : null}
      </p>
      <VoiceTexts text={quote.text} language={quote.language} german={quote.german} />
      <p class="hint quote-meta">
        {[quote.kind ? kindLabel(quote.kind) : null, channelLabel(quote.channel), quote.area, germanDate(quote.month), quote.fieldsOfAction.map((key) => fieldLabel.get(key) ?? key).join(', ')]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {words.length > 0 && (
        <p class="quote-keywords">
          <span class="hint">{t('quoteBrowser.keywords')}</span>{' '}
          {words.map((word) => (
            <button key={word} type="button" class="button secondary keyword" onClick={() => onKeyword(word)} aria-label={t('quoteBrowser.searchFor', { word })}>
              <bdi lang={lang} dir="auto">
                {word}
              </bdi>
            </button>
          ))}
        </p>
      )}
    </li>
  );
}
