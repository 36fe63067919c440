import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Quote, QuotePage } from '../../shared/api/quotes.ts';
import { CHANNELS, NOTE_KINDS } from '../../shared/domain.ts';
import { htmlLang, LANGUAGES, textDirection } from '../../shared/languages.ts';
import { ApiError } from '../api.ts';
import { germanDate } from '../ui/format.ts';
import { CHANNEL_LABELS, KIND_LABELS, LANGUAGE_LABELS } from '../ui/labels.ts';
import { Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import './quotes.css';

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
    return which === 'rest'
      ? `Außerhalb dieser Merkmale blieben weniger als ${threshold} Personen übrig. Damit niemand erkennbar wird, zeigen wir dazu keine Zitate. Bitte wählen Sie weniger Merkmale.`
      : `Diese Auswahl umfasst weniger als ${threshold} Personen. Damit niemand erkennbar wird, zeigen wir dazu keine Zitate. Bitte wählen Sie einen größeren Ort oder weniger Merkmale.`;
  }
  if (error.code === 'invalid_search') return 'Die Suche ließ sich nicht lesen. Geben Sie Wörter ein, einen Ausdruck in "Anführungszeichen" oder verbinden Sie Wörter mit OR oder NOT.';
  return error.message;
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

  const apiQuery = new URLSearchParams();
  if (field) apiQuery.set('field', field);
  for (const name of Object.keys(PARAMS) as Param[]) if (value(name)) apiQuery.set(PARAMS[name], value(name));
  const limit = 20;
  apiQuery.set('limit', String(limit));
  apiQuery.set('offset', String((page - 1) * limit));
  const result = useApi<QuotePage>(`/api/processes/${slug}/quotes?${apiQuery.toString()}`);
  // Choices and threshold stay while a refused or new request loads, so the filters never vanish.
  const last = useRef<QuotePage | undefined>(undefined);
  if (result.data) last.current = result.data;
  const data = last.current;
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
      <h2 id="quotes-title">Zitate</h2>
      <p class="hint">
        Was Menschen gesagt und geschrieben haben, ohne persönliche Daten. Jedes Zitat hat eine feste Nummer (z. B. B-1042), mit der Sie es zitieren können. Zitate in anderen
        Sprachen stehen im Original; wo das Moderationsteam sie übersetzt hat, steht die deutsche Fassung daneben. Filter nach Ort oder Merkmalen sind nur möglich, wenn
        mindestens {threshold} Personen übrig bleiben.
      </p>

      <form
        role="search"
        aria-label="Zitate durchsuchen"
        class="quote-search"
        onSubmit={(event) => {
          event.preventDefault();
          set({ suche: search.trim() });
        }}
      >
        <label for="quote-q">Suche in den Zitaten</label>
        <div class="quote-search-row">
          <input id="quote-q" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} aria-describedby="quote-q-hint" enterKeyHint="search" />
          <button type="submit" class="button">
            Suchen
          </button>
        </div>
        <p class="hint" id="quote-q-hint">
          Findet Wörter, die so anfangen („Sprach“ findet „Sprachkurs“); Umlaute dürfen fehlen. "In Anführungszeichen" sucht einen Ausdruck.
        </p>
      </form>

      <fieldset class="quote-filters">
        <legend>Filter</legend>
        <Select id="quote-district" label="Stadtbezirk" value={district} all="alle Stadtbezirke" options={data?.choices.districts ?? []} onChange={(to) => set({ bezirk: to, stadtteil: '' })} />
        <Select id="quote-stadtteil" label="Stadtteil" value={value('stadtteil')} all="alle Stadtteile" options={stadtteile} onChange={(to) => set({ stadtteil: to })} />
        <Select id="quote-channel" label="Kanal" value={value('kanal')} all="alle Kanäle" options={CHANNELS.map((key) => ({ key, label: CHANNEL_LABELS[key] }))} onChange={(to) => set({ kanal: to })} />
        <Select id="quote-kind" label="Art" value={value('art')} all="alle Arten" options={NOTE_KINDS.map((key) => ({ key, label: KIND_LABELS[key] }))} onChange={(to) => set({ art: to })} />
        <Select id="quote-language" label="Sprache des Zitats" value={value('sprache')} all="alle Sprachen" options={LANGUAGES.map((key) => ({ key, label: LANGUAGE_LABELS[key] }))} onChange={(to) => set({ sprache: to })} />
        {data && data.choices.bands.length > 0 && (
          <fieldset class="quote-bands" aria-describedby="quote-bands-hint">
            <legend>Angaben der Befragten</legend>
            <p class="hint" id="quote-bands-hint">
              Was Befragte im Fragebogen über sich angegeben haben (das Alter auch am Marktstand). Zitate ohne diese Angabe fallen bei diesem Filter heraus.
            </p>
            {data.choices.bands.map((band) => (
              <Select
                key={band.key}
                id={`quote-band-${band.key}`}
                label={band.label}
                value={bands.get(band.key) ?? ''}
                all="alle"
                options={band.options}
                onChange={(to) => setBand(band.key, to)}
              />
            ))}
          </fieldset>
        )}
        {filtered && (
          <button type="button" class="button secondary quote-reset" onClick={() => set(Object.fromEntries(Object.keys(PARAMS).map((name) => [name, ''])))}>
            Alle Filter zurücksetzen
          </button>
        )}
      </fieldset>

      <div aria-live="polite" aria-atomic="true" class="quote-status">
        {result.loading ? (
          <Loading label="Zitate werden geladen …" />
        ) : result.error ? (
          <p class="notice error">{explain(result.error, threshold)}</p>
        ) : result.data ? (
          <p>
            {result.data.total === 1 ? '1 Zitat' : `${result.data.total} Zitate`}
            {value('suche') ? <> zu „{value('suche')}“</> : null}
            {pages > 1 ? `, Seite ${page} von ${pages}` : ''}.
          </p>
        ) : null}
      </div>

      {result.data && result.data.groups.length > 1 && (
        <nav aria-label="Themen" class="quote-groups">
          <h3 class="hint">Nach Handlungsfeld</h3>
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
        Zitate{pages > 1 ? `, Seite ${page}` : ''}
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
        <nav aria-label="Seiten der Zitate" class="quote-pages">
          <button type="button" class="button secondary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
            Vorherige Seite
          </button>
          <span>
            Seite {page} von {pages}
          </span>
          <button type="button" class="button secondary" disabled={page >= pages} onClick={() => goTo(page + 1)}>
            Nächste Seite
          </button>
        </nav>
      )}
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
  const dir = quote.language ? textDirection(quote.language) : 'auto';
  const words = [...new Set(quote.keywords.flatMap((entry) => entry.words))];
  return (
    <li class="quote-card" aria-labelledby={citeId}>
      <p class="quote-cite">
        <span class="visually-hidden">Zitat </span>
        <strong id={citeId} class="cite-id">
          {quote.citeId}
        </strong>
        {quote.language && quote.language !== 'de' ? <span class="quote-lang">{LANGUAGE_LABELS[quote.language]}</span> : null}
      </p>
      <div class={`quote-texts${quote.german ? ' with-german' : ''}`}>
        <figure>
          {quote.german && <figcaption class="hint">Original ({quote.language ? LANGUAGE_LABELS[quote.language] : 'Sprache unbekannt'})</figcaption>}
          <blockquote lang={lang} dir={dir}>
            {quote.text}
          </blockquote>
        </figure>
        {quote.german && (
          <figure>
            <figcaption class="hint">Deutsch, übersetzt vom Moderationsteam</figcaption>
            <blockquote lang="de" dir="ltr">
              {quote.german.text}
            </blockquote>
          </figure>
        )}
      </div>
      <p class="hint quote-meta">
        {[quote.kind ? KIND_LABELS[quote.kind] : null, CHANNEL_LABELS[quote.channel], quote.area, germanDate(quote.month), quote.fieldsOfAction.map((key) => fieldLabel.get(key) ?? key).join(', ')]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {words.length > 0 && (
        <p class="quote-keywords">
          <span class="hint">Stichwörter:</span>{' '}
          {words.map((word) => (
            <button key={word} type="button" class="button secondary keyword" onClick={() => onKeyword(word)} aria-label={`Nach „${word}“ suchen`}>
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
