import { useEffect, useRef, useState } from 'preact/hooks';
import type { BulkAction, BulkResult, ModerationItem } from '../../shared/api/moderation.ts';
import { QUEUE_STATES } from '../../shared/api/moderation.ts';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { CHANNELS, MARKET_DAY_CHANNELS, MAX_SHORT_TEXT_LENGTH, PLACE_UNKNOWN, type Channel } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { channelLabel, flattenFields, kindLabel, languageLabel, placeName, stadtteilNames } from '../ui/labels.ts';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { StadtteilSelect } from '../ui/StadtteilSelect.tsx';
import { germanDate } from '../ui/format.ts';
import { useApi } from '../ui/useApi.ts';
import './moderation.css';
import { t, tn } from './moderation-messages.ts';
import { CHECK_LABELS } from './ResponseChecks.tsx';
import { staffLocale } from '../i18n/staff.ts';
import { findOccurrences } from '../../shared/privacy/occurrences.ts';

/** Contributions per page of the list. */
const PAGE_SIZE = 50;

const STATE_LABELS = (): Record<(typeof QUEUE_STATES)[number], string> => ({
  needs_review: t('moderationPage.toReview'),
  untagged: t('moderationPage.unassigned'),
  suggested: t('moderationPage.suggestionOnly'),
  flagged: t('moderationPage.flagged'),
  reviewed: t('moderationPage.reviewed'),
  hidden: t('moderationPage.hidden'),
  all: t('moderationPage.all'),
});
const UNKNOWN_STADTTEIL = () => ([{ value: PLACE_UNKNOWN, label: t('moderationPage.notGivenUnknown') }]);
const SOURCE_LABELS = () => ({ self: t('moderationPage.self'), staff: t('moderationPage.team'), suggested: t('moderationPage.suggestion'), reviewed: t('moderationPage.reviewed2') } as const);
const FLAG_LABELS = (): Record<string, string> => ({ personal_data_masked: t('moderationPage.personalDataMaskedAutomatically'), names_masked: t('moderationPage.namesMasked'), edited_after_review: t('moderationPage.changedAfterReview') });


export function ModerationPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const [filters, setAllFilters] = useState<{ state: (typeof QUEUE_STATES)[number]; channel?: Channel; field: string; stadtteil: string; marketDay: string; offset: number }>({
    offset: 0,
    state: 'needs_review',
    field: '',
    stadtteil: '',
    marketDay: '',
  });
  const marketDays = useApi('GET /api/stall/market-days', { query: { processSlug: slug } });
  /** Another filter starts at the list's first page. */
  const setFilters = (next: Omit<typeof filters, 'offset'>) => setAllFilters({ ...next, offset: 0 });
  const { state, channel, field, stadtteil, marketDay, offset } = filters;
  const queue = useApi('GET /api/admin/processes/:slug/moderation', {
    params: { slug },
    query: { state, channel, field: field || undefined, stadtteil: stadtteil || undefined, marketDay: marketDay || undefined, limit: PAGE_SIZE, offset },
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  /** What was chosen or typed on each card and not saved yet, by contribution (see `CardDraft`). */
  const drafts = useRef(new Map<string, CardDraft>());
  const draftOf = (id: string) => drafts.current.get(id) ?? drafts.current.set(id, {}).get(id)!;
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const emptyRef = useRef<HTMLParagraphElement>(null);
  /**
   * After an action: the cards to focus once the queue is back, the first one still listed wins
   * (else the first card, or the end-of-queue notice). A card is drawn anew after every change of
   * it, so without this the keyboard would fall back to the top of the page.
   */
  const focusAfterReload = useRef<string[] | null>(null);

  useEffect(() => setSelected(new Set()), [state, channel, field, stadtteil, marketDay]);

  useEffect(() => {
    if (queue.loading || !queue.data) return;
    // The last page emptied (its contributions reviewed or hidden): go to the page before, which is now the last.
    if (queue.data.items.length === 0 && offset > 0) {
      setAllFilters({ ...filters, offset: Math.max(0, Math.floor((queue.data.total - 1) / PAGE_SIZE) * PAGE_SIZE) });
      return;
    }
    // A selected contribution that left the list (reviewed or hidden meanwhile) leaves the selection: a bulk action never reaches one nobody sees.
    const listed = new Set(queue.data.items.map((item) => item.id));
    setSelected((previous) => ([...previous].every((id) => listed.has(id)) ? previous : new Set([...previous].filter((id) => listed.has(id)))));
    const wanted = focusAfterReload.current;
    if (wanted === null) return;
    focusAfterReload.current = null;
    const cards = [...(listRef.current?.querySelectorAll<HTMLElement>('.mod-item') ?? [])];
    const card = wanted.map((id) => cards.find((candidate) => candidate.dataset.id === id)).find(Boolean);
    const target = card ?? cards[0] ?? emptyRef.current;
    if (!target) return;
    target.focus({ preventScroll: true });
    // The list was drawn anew, the page may stand elsewhere (the card kept the focus, so focusing it scrolls nothing):
    // the card's start comes into view, where the moderator reads on.
    const { top } = target.getBoundingClientRect();
    if (top < 0 || top > window.innerHeight - 48) target.scrollIntoView({ block: 'start' });
  }, [queue.data, queue.loading]);

  /** j/k (or ↓/↑ on a focused card) move between contributions anywhere on the page, so a moderator never needs the mouse. */
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      if (event.altKey || event.ctrlKey || event.metaKey || target.matches('input[type=text], input[type=date], select, textarea')) return;
      const items = [...(listRef.current?.querySelectorAll<HTMLElement>('.mod-item') ?? [])];
      const current = items.findIndex((item) => item.contains(document.activeElement));
      const onCard = target.classList.contains('mod-item');
      const step = event.key === 'j' || (onCard && event.key === 'ArrowDown') ? 1 : event.key === 'k' || (onCard && event.key === 'ArrowUp') ? -1 : 0;
      if (step === 0 || items.length === 0) return;
      event.preventDefault();
      items[Math.max(0, Math.min(items.length - 1, current + step))]?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  if (process.loading) return <Layout title={t('moderationPage.moderation')}><Loading /></Layout>;
  if (!process.data) return <Layout title={t('moderationPage.moderation')}><ErrorNotice error={process.error} /></Layout>;
  const fields = flattenFields(process.data.fieldsOfAction);
  const fieldLabel = new Map(fields.map((field) => [field.key, field.label]));
  const stadtteilName = stadtteilNames(process.data.districts);

  /**
   * Runs one moderator action; `done` says what happened, from what the server answered. With
   * `focus.from` (a card's id) the keyboard stays on that card once the queue is back, or on the
   * one that followed it when the card left the list (hidden, say); with `advance` it moves on to
   * the next card and the announcement says where it went. Without `focus` (a bulk action) it
   * goes to the first card.
   */
  async function act<T>(action: () => Promise<T>, done: string | ((result: T) => string), focus?: { from: string; advance?: boolean }) {
    setStatus(null);
    try {
      const result = await action();
      let text = typeof done === 'function' ? done(result) : done;
      const index = focus ? items.findIndex((item) => item.id === focus.from) : -1;
      focusAfterReload.current = focus ? [focus.from, items[index + 1]?.id, items[index - 1]?.id].filter((id) => id !== undefined) : [];
      if (focus?.advance) {
        const next = items[index + 1] ?? items[index - 1];
        // A reviewed card leaves every queue but "Geprüft" and "Alle"; count where the next one will stand.
        const stays = filters.state === 'all' || filters.state === 'reviewed';
        const left = (queue.data?.total ?? items.length) - (stays ? 0 : 1);
        const target = offset + (items[index + 1] ? index + (stays ? 2 : 1) : index);
        focusAfterReload.current = next ? [next.id] : [];
        text = next ? t('moderationPage.nextContributionOf', { done: text, target, left }) : t('moderationPage.thatWasTheLast', { done: text });
        // Keep the keyboard on the next card while the list reloads.
        listRef.current?.querySelector<HTMLElement>(`.mod-item[data-id="${next?.id ?? ''}"]`)?.focus();
      }
      setStatus({ kind: 'ok', text });
      queue.reload();
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof ApiError ? err.message : String(err) });
    }
  }

  const items = queue.data?.items ?? [];
  /** Another page of the list: its first card takes the keyboard once it is there. */
  function turnPage(to: number) {
    focusAfterReload.current = [];
    setSelected(new Set());
    setAllFilters({ ...filters, offset: Math.max(0, to) });
  }
  return (
    <Layout title={t('moderationPage.moderation')} process={process.data.title}>
      <h1>{t('moderationPage.moderation')}</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'moderation')} />
      <p class="hint" id="mod-keys">
        {t('moderationPage.keyboard')}{' '}<kbd>j</kbd>/<kbd>k</kbd> {t('moderationPage.jumpToTheNext')}{' '}<kbd>a</kbd> {t('moderationPage.takesTheSuggestionSaves')}{' '}<kbd>Enter</kbd> {t('moderationPage.savesTheChosenAssignment')}{' '}<kbd>Tab</kbd> {t('moderationPage.movesThroughTheFields')}</p>
      <div aria-live="polite" aria-atomic="true">{status && <p class={`notice ${status.kind === 'error' ? 'error' : 'ok'}`}>{status.text}</p>}</div>

      <form class="mod-filters" onSubmit={(event) => event.preventDefault()} aria-label={t('moderationPage.filter')}>
        <div class="field">
          <label for="f-channel">{t('moderationPage.channel')}</label>
          <select
            id="f-channel"
            value={filters.channel ?? ''}
            onChange={(e) => {
              const chosen = CHANNELS.find((known) => known === e.currentTarget.value);
              // A conference's, a working group's or the online survey's voices come from no market day: that filter goes.
              setFilters({ ...filters, channel: chosen, ...(chosen && !MARKET_DAY_CHANNELS.includes(chosen) ? { marketDay: '' } : {}) });
            }}
          >
            <option value="">{t('moderationPage.allChannels')}</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {channelLabel(channel)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-field">{t('moderationPage.fieldOfAction')}</label>
          <select id="f-field" value={filters.field} onChange={(e) => setFilters({ ...filters, field: e.currentTarget.value })}>
            <option value="">{t('moderationPage.allFieldsOfAction')}</option>
            {fields.map((field) => (
              <option key={field.key} value={field.key}>
                {field.depth ? '– ' : ''}
                {field.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-stadtteil">{t('moderationPage.stadtteil')}</label>
          <StadtteilSelect
            id="f-stadtteil"
            districts={process.data.districts}
            value={filters.stadtteil || null}
            emptyLabel={t('moderationPage.allStadtteile')}
            extra={UNKNOWN_STADTTEIL()}
            onChange={(value) => setFilters({ ...filters, stadtteil: value ?? '' })}
          />
        </div>
        {(!filters.channel || MARKET_DAY_CHANNELS.includes(filters.channel)) && (
          <div class="field">
            <label for="f-market-day">{t('moderationPage.marketDay')}</label>
            <select id="f-market-day" value={filters.marketDay} onChange={(e) => setFilters({ ...filters, marketDay: e.currentTarget.value })}>
              <option value="">{t('moderationPage.allMarketDays')}</option>
              {(marketDays.data?.marketDays ?? []).map((marketDay) => (
                <option key={marketDay.id} value={marketDay.id}>
                  {new Date(`${marketDay.date}T12:00:00`).toLocaleDateString(staffLocale())} · {marketDay.place} ({marketDay.noteCount})
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <ul class="mod-states" aria-label={t('moderationPage.status')}>
        {QUEUE_STATES.map((state) => (
          <li key={state}>
            <button type="button" class="button secondary" aria-pressed={filters.state === state} onClick={() => setFilters({ ...filters, state })}>
              {STATE_LABELS()[state]}
              {queue.data ? ` (${queue.data.counts[state]})` : ''}
            </button>
          </li>
        ))}
      </ul>

      {queue.loading && <Loading />}
      {queue.error ? <ErrorNotice error={queue.error} /> : null}
      {queue.data && items.length === 0 && (
        <p class="notice ok" ref={emptyRef} tabIndex={-1}>
          {t('moderationPage.nothingLeftToReview')}
        </p>
      )}
      <h2 class="visually-hidden">{t('moderationPage.contributions')}</h2>
      <ol class="mod-list" ref={listRef}>
        {items.map((item) => (
          <ModerationCard
            key={`${item.id}-${item.version}`}
            item={item}
            slug={slug}
            process={process.data!}
            fields={fields}
            fieldLabel={fieldLabel}
            stadtteilName={stadtteilName}
            draft={draftOf(item.id)}
            selected={selected.has(item.id)}
            onSelect={(on) => {
              const next = new Set(selected);
              if (on) next.add(item.id);
              else next.delete(item.id);
              setSelected(next);
            }}
            act={act}
          />
        ))}
      </ol>
      {queue.data && queue.data.total > PAGE_SIZE && (
        <nav class="mod-pages" aria-label={t('moderationPage.pages')}>
          <p>{t('moderationPage.pageRange', { from: offset + 1, to: offset + items.length, total: queue.data.total })}</p>
          <button type="button" class="button secondary" disabled={offset === 0} onClick={() => turnPage(offset - PAGE_SIZE)}>
            {t('moderationPage.previousPage')}
          </button>
          <button type="button" class="button secondary" disabled={offset + items.length >= queue.data.total} onClick={() => turnPage(offset + PAGE_SIZE)}>
            {t('moderationPage.nextPage')}
          </button>
        </nav>
      )}
      {selected.size > 0 && <BulkBar slug={slug} ids={[...selected]} fields={fields} act={act} onDone={() => {
            // What the bulk action saved replaces a card's unsaved assignment; its unsaved words stay.
            for (const id of selected) {
              const draft = drafts.current.get(id);
              if (draft) Object.assign(draft, { chosen: undefined, stadtteil: undefined });
            }
            setSelected(new Set());
          }} />}
    </Layout>
  );
}


/**
 * A card's unsaved choices and words. A card is drawn anew whenever its contribution changes (a
 * masked name, a German rendering, a bulk action), from what the server sent; what the moderator
 * had ticked, chosen or typed there and not saved yet comes back from here instead of being lost,
 * and goes once it is saved.
 */
interface CardDraft {
  chosen?: string[];
  stadtteil?: string;
  hideReason?: string;
  german?: string;
}

interface CardProps {
  item: ModerationItem;
  draft: CardDraft;
  slug: string;
  process: ProcessDetail;
  fields: Array<{ key: string; label: string; depth: number }>;
  fieldLabel: Map<string, string>;
  stadtteilName: Map<string, string>;
  selected: boolean;
  onSelect: (on: boolean) => void;
  act: <T>(action: () => Promise<T>, done: string | ((result: T) => string), focus?: { from: string; advance?: boolean }) => Promise<void>;
}

/** A Stadtteil key, or a place sentinel, in German; "nicht genannt" when it is not known. */
function placeLabel(key: string | null, stadtteilName: Map<string, string>): string {
  return placeName(key, stadtteilName) ?? t('moderationPage.notGiven');
}

/** A card's state that outlives the card being drawn anew: kept in its draft as it changes. */
function useDrafted<K extends keyof CardDraft>(draft: CardDraft, key: K, initial: NonNullable<CardDraft[K]>) {
  const [value, setValue] = useState<NonNullable<CardDraft[K]>>(draft[key] ?? initial);
  return [
    value,
    (next: NonNullable<CardDraft[K]>) => {
      draft[key] = next;
      setValue(next);
    },
  ] as const;
}

function ModerationCard({ item, draft, slug, process, fields, fieldLabel, stadtteilName, selected, onSelect, act }: CardProps) {
  const firm = item.tags.filter((tag) => tag.source !== 'suggested').map((tag) => tag.field);
  const suggestedKeys = item.suggestion.fieldsOfAction.slice(0, 2).map((field) => field.key);
  const [chosen, setChosen] = useDrafted(draft, 'chosen', firm.length ? firm : item.tags.map((tag) => tag.field));
  const [stadtteil, setStadtteil] = useDrafted(draft, 'stadtteil', item.stadtteil ?? item.suggestion.stadtteil ?? PLACE_UNKNOWN);
  const [hideReason, setHideReason] = useDrafted(draft, 'hideReason', '');
  const [nameToMask, setNameToMask] = useState('');
  const params = { slug, id: item.id };
  const headingId = `c-${item.id}`;
  const textId = `t-${item.id}`;
  // What "a" saves, as the bulk action does: the tags the contribution came with, else the best suggestion.
  const proposal = item.tags.length ? item.tags.map((tag) => tag.field) : suggestedKeys.slice(0, 1);
  const proposedStadtteil = item.stadtteil ?? item.suggestion.stadtteil ?? PLACE_UNKNOWN;

  const review = (fieldsOfAction: string[], place: string) => {
    const said = [fieldsOfAction.map((key) => fieldLabel.get(key) ?? key).join(', ') || t('moderationPage.noFieldOfAction'), placeLabel(place, stadtteilName)].join(' · ');
    return act(
      async () => {
        const saved = await call('POST /api/admin/processes/:slug/contributions/:id/review', { params, body: { version: item.version, fieldsOfAction, stadtteil: place } });
        Object.assign(draft, { chosen: undefined, stadtteil: undefined });
        return saved;
      },
      t('moderationPage.savedAsReviewed', { said }),
      { from: item.id, advance: true },
    );
  };
  const save = () => review(chosen, stadtteil);
  const acceptSuggestion = () => {
    setChosen(proposal);
    setStadtteil(proposedStadtteil);
    return review(proposal, proposedStadtteil);
  };

  function onKey(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (event.altKey || event.ctrlKey || event.metaKey || target.matches('input[type=text], select, textarea')) return;
    if (event.key === 'a') {
      event.preventDefault();
      if (proposal.length) void acceptSuggestion();
      else void act(() => Promise.reject(new Error(t('moderationPage.thereIsNoSuggestion'))), '');
    } else if (event.key === 'Enter' && target === event.currentTarget) {
      event.preventDefault();
      if (stadtteil) void save();
    }
  }

  function maskName() {
    const needle = nameToMask.trim();
    if (!needle) return;
    const ranges = findOccurrences(item.maskedText, needle);
    if (ranges.length === 0) {
      void act(() => Promise.reject(new Error(t('moderationPage.doesNotOccurIn', { needle }))), '');
      return;
    }
    void act(() => call('POST /api/admin/processes/:slug/contributions/:id/mask', { params, body: { version: item.version, ranges } }), t('moderationPage.masked', { needle, length: ranges.length }), { from: item.id });
  }

  return (
    <li class={`mod-item${item.reviewed ? ' done' : ''}`} data-id={item.id} tabIndex={-1} aria-labelledby={headingId} aria-describedby={textId} onKeyDown={onKey}>
      <h3 id={headingId} class="visually-hidden">
        {t('moderationPage.contributionOf', { citeId: item.citeId, capturedOn: germanDate(item.capturedOn), channel: channelLabel(item.channel) })}
        {item.reviewed ? t('moderationPage.reviewed3') : ''}
      </h3>
      <ul class="mod-meta">
        <li>
          <span class="visually-hidden">{t('moderationPage.citationNumber')}{' '}</span>
          <strong class="cite-id">{item.citeId}</strong>
        </li>
        <li>{channelLabel(item.channel)}</li>
        <li>
          <time dateTime={item.capturedOn}>{germanDate(item.capturedOn)}</time>
        </li>
        {item.kind && <li>{kindLabel(item.kind)}</li>}
        {item.language && <li>{t('moderationPage.language', { language: languageLabel(item.language) })}</li>}
        {item.status === 'hidden' && (
          <li>
            {t('moderationPage.hidden2')}{' '}<bdi dir="auto">{item.hiddenReason}</bdi>
          </li>
        )}
        {item.flags.map((flag) => (
          <li key={flag}>{FLAG_LABELS()[flag] ?? flag}</li>
        ))}
      </ul>
      {item.responseFlags.length > 0 && (
        <p class="notice warn">
          {t('moderationPage.fromAFlaggedQuestionnaire', { checks: item.responseFlags.map((flag) => CHECK_LABELS()[flag]).join('; ') })}
        </p>
      )}
      <p class="mod-text" id={textId} lang={item.language ?? undefined} dir="auto">
        {item.text}
      </p>
      {item.maskedText !== item.text && (
        <p class="hint">
          {t('moderationPage.forWorkingGroups')}{' '}
          <bdi lang={item.language ?? undefined} dir="auto">
            {item.maskedText}
          </bdi>
        </p>
      )}
      {item.language === null ? (
        // Language not set (a stall note or paper answer nobody labelled): most are German, so the box waits behind a disclosure.
        <details class="mod-german-optional" open={item.german !== null || draft.german !== undefined}>
          <summary class="button link">{t('moderationPage.addGermanVersion')}</summary>
          <GermanRendering item={item} draft={draft} params={params} act={act} />
        </details>
      ) : (
        item.language !== 'de' && item.language !== 'de-easy' && <GermanRendering item={item} draft={draft} params={params} act={act} />
      )}
      <p>
        {t('moderationPage.assignment')}{' '}
        {item.tags.length === 0
          ? t('moderationPage.none')
          : item.tags.map((tag) => (
              <span key={tag.field}>
                {fieldLabel.get(tag.field) ?? tag.field}
                <span class="source">{SOURCE_LABELS()[tag.source]}</span>{' '}
              </span>
            ))}
        {' · '}{t('moderationPage.stadtteil2', { stadtteil: placeLabel(item.stadtteil, stadtteilName) })}
      </p>
      {item.suggestion.fieldsOfAction.length > 0 && (
        <p class="because">
          {t('moderationPage.suggestion2')}{' '}
          {item.suggestion.fieldsOfAction.slice(0, 2).map((field, index) => (
            <span key={field.key}>
              {index > 0 && '; '}
              {fieldLabel.get(field.key) ?? field.key} {t('moderationPage.becauseOf', { value: Math.round(field.score * 100) })}{' '}
              {field.because.map((word, at) => (
                <span key={at}>
                  {at > 0 && ', '}
                  <bdi dir="auto" lang={item.language ?? undefined}>
                    {word}
                  </bdi>
                </span>
              ))}
              )
            </span>
          ))}
          {item.suggestion.stadtteil && t('moderationPage.stadtteilInTheText', { stadtteil: placeName(item.suggestion.stadtteil, stadtteilName) ?? '' })}
        </p>
      )}
      <fieldset class="mod-fields">
        <legend>{t('moderationPage.fieldsOfAction')}</legend>
        {fields.map((field) => (
          <label class="chip-check" key={field.key}>
            <input
              type="checkbox"
              checked={chosen.includes(field.key)}
              onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, field.key] : chosen.filter((key) => key !== field.key))}
            />
            {field.label}
          </label>
        ))}
      </fieldset>
      <div class="mod-row">
        <div class="field">
          <label for={`st-${item.id}`}>{t('moderationPage.stadtteil')}</label>
          <StadtteilSelect id={`st-${item.id}`} districts={process.districts} value={stadtteil} emptyLabel={t('moderationPage.pleaseChoose')} extra={UNKNOWN_STADTTEIL()} onChange={(value) => setStadtteil(value ?? '')} />
        </div>
        {proposal.length > 0 && (
          <button type="button" class="button secondary" onClick={() => void acceptSuggestion()} aria-keyshortcuts="a">
            {t('moderationPage.takeSuggestionAndContinue')}
          </button>
        )}
        <button type="button" class="button" onClick={save} disabled={!stadtteil}>
          {t('moderationPage.saveAsReviewed')}
        </button>
        <label class="chip-check">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
          {t('moderationPage.selectForBulkAction')}
        </label>
      </div>
      <details>
        <summary class="button link">{t('moderationPage.hideOrMaskNames')}</summary>
        <div class="mod-row">
          <div class="field">
            <label for={`hide-${item.id}`}>{t('moderationPage.reasonForHiding')}</label>
            <input id={`hide-${item.id}`} type="text" maxLength={MAX_SHORT_TEXT_LENGTH} value={hideReason} onInput={(e) => setHideReason(e.currentTarget.value)} aria-describedby={`hide-${item.id}-hint`} />
            <span class="hint" id={`hide-${item.id}-hint`}>
              {t('moderationPage.hideReasonHint')}
            </span>
          </div>
          {item.status === 'hidden' ? (
            <button type="button" class="button secondary" onClick={() => act(() => call('POST /api/admin/processes/:slug/contributions/:id/show', { params, body: { version: item.version } }), t('moderationPage.contributionVisibleAgain', { citeId: item.citeId }), { from: item.id })}>
              {t('moderationPage.showAgain')}
            </button>
          ) : (
            <button
              type="button"
              class="button secondary"
              disabled={hideReason.trim().length < 3}
              onClick={() =>
                act(
                  async () => {
                    const hidden = await call('POST /api/admin/processes/:slug/contributions/:id/hide', { params, body: { version: item.version, reason: hideReason.trim() } });
                    draft.hideReason = undefined;
                    return hidden;
                  },
                  t('moderationPage.contributionHidden', { citeId: item.citeId }),
                  { from: item.id },
                )
              }
            >
              {t('moderationPage.hide')}
            </button>
          )}
        </div>
        <div class="mod-row">
          <div class="field">
            <label for={`mask-${item.id}`}>{t('moderationPage.maskANameIn')}</label>
            <input id={`mask-${item.id}`} type="text" value={nameToMask} onInput={(e) => setNameToMask(e.currentTarget.value)} />
          </div>
          <button type="button" class="button secondary" disabled={!nameToMask.trim()} onClick={maskName}>
            {t('moderationPage.mask')}
          </button>
        </div>
      </details>
    </li>
  );
}

/**
 * "Deutsch": a moderator's German rendering of a contribution in another language. Stored apart
 * from the original (which stays as it is), masked like it for working groups, and marked as a
 * person's translation; the audit log keeps who saved it and when.
 */
function GermanRendering({ item, draft, params, act }: { item: ModerationItem; draft: CardDraft; params: { slug: string; id: string }; act: CardProps['act'] }) {
  const [text, setText] = useDrafted(draft, 'german', item.german?.text ?? '');
  const saveGerman = (german: string | null, done: string) =>
    act(
      async () => {
        const saved = await call('POST /api/admin/processes/:slug/contributions/:id/german', { params, body: { version: item.version, text: german } });
        draft.german = undefined;
        return saved;
      },
      done,
      { from: item.id },
    );
  const id = `de-${item.id}`;
  const changed = text.trim() !== (item.german?.text ?? '');
  return (
    <div class="mod-german">
      <div class="field">
        <label for={id}>{t('moderationPage.germanHumanTranslation')}</label>
        <textarea id={id} lang="de" dir="ltr" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-describedby={`${id}-hint`} />
        <p class="hint" id={`${id}-hint`}>
          {item.german
            ? t('moderationPage.savedOnWorkingGroups', { translatedAt: germanDate(item.german.translatedAt) })
            : t('moderationPage.workingGroupsSeeThe')}
        </p>
        {item.german && item.german.maskedText !== item.german.text && (
          <p class="hint">
            {t('moderationPage.forWorkingGroups')}{' '}<bdi lang="de">{item.german.maskedText}</bdi>
          </p>
        )}
      </div>
      <div class="mod-row">
        <button
          type="button"
          class="button secondary"
          disabled={!text.trim() || !changed}
          onClick={() => saveGerman(text.trim(), t('moderationPage.germanVersionOfSaved', { citeId: item.citeId }))}
        >
          {t('moderationPage.saveGermanVersion')}
        </button>
        {item.german && (
          <button type="button" class="button link" onClick={() => saveGerman(null, t('moderationPage.germanVersionOfRemoved', { citeId: item.citeId }))}>
            {t('moderationPage.removeGermanVersion')}
          </button>
        )}
      </div>
    </div>
  );
}

/** What a bulk action did, as the server counted it: those it changed, and those it left as they were because there was no suggestion. */
function bulkDone(action: BulkAction['action'], result: BulkResult): string {
  const done =
    action === 'accept_suggestions'
      ? tn('moderationPage.reviewedWithSuggestion', result.changed)
      : action === 'hide'
        ? tn('moderationPage.hiddenInBulk', result.changed)
        : tn('moderationPage.fieldAddedInBulk', result.changed);
  const withoutSuggestion = result.skipped.filter((skip) => skip.reason === 'no_suggestion').length;
  const gone = result.skipped.length - withoutSuggestion;
  return [done, withoutSuggestion ? tn('moderationPage.leftWithoutSuggestion', withoutSuggestion) : '', gone ? tn('moderationPage.notFoundInBulk', gone) : ''].filter(Boolean).join(' ');
}

function BulkBar({ slug, ids, fields, act, onDone }: { slug: string; ids: string[]; fields: Array<{ key: string; label: string }>; act: CardProps['act']; onDone: () => void }) {
  const [field, setField] = useState(fields[0]?.key ?? '');
  const [reason, setReason] = useState('');
  const run = (body: BulkAction) =>
    act(
      async () => {
        const result = await call('POST /api/admin/processes/:slug/contributions/bulk', { params: { slug }, body: { ...body, ids } });
        // The selection was acted on: it ends, and the keyboard goes to the first card of the list.
        onDone();
        return result;
      },
      (result) => bulkDone(body.action, result),
    );
  return (
    <section class="bulk-bar" aria-label={t('moderationPage.bulkAction')}>
      <strong>{t('moderationPage.selected', { length: ids.length })}</strong>
      <button type="button" class="button" onClick={() => run({ action: 'accept_suggestions' })}>
        {t('moderationPage.takeSuggestions')}
      </button>
      <label for="bulk-field">{t('moderationPage.fieldOfAction')}</label>
      <select id="bulk-field" value={field} onChange={(e) => setField(e.currentTarget.value)}>
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </select>
      <button type="button" class="button secondary" onClick={() => run({ action: 'add_field', field })}>
        {t('moderationPage.add')}
      </button>
      <label for="bulk-reason">{t('moderationPage.reasonForHiding')}</label>
      <input id="bulk-reason" type="text" maxLength={MAX_SHORT_TEXT_LENGTH} value={reason} onInput={(e) => setReason(e.currentTarget.value)} style={{ maxWidth: '14rem' }} aria-describedby="bulk-reason-hint" />
      <span class="hint" id="bulk-reason-hint">
        {t('moderationPage.hideReasonHint')}
      </span>
      <button type="button" class="button secondary" disabled={reason.trim().length < 3} onClick={() => run({ action: 'hide', reason: reason.trim() })}>
        {t('moderationPage.hide')}
      </button>
    </section>
  );
}
