import { useEffect, useRef, useState } from 'preact/hooks';
import type { BulkAction, ModerationItem } from '../../shared/api/moderation.ts';
import { QUEUE_STATES } from '../../shared/api/moderation.ts';
import type { ProcessDetail } from '../../shared/api/processes.ts';
import { CHANNELS, PLACE_UNKNOWN, type Channel } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { CHANNEL_LABELS, flattenFields, KIND_LABELS, LANGUAGE_LABELS, placeName, stadtteilNames } from '../ui/labels.ts';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { StadtteilSelect } from '../ui/StadtteilSelect.tsx';
import { germanDate } from '../ui/format.ts';
import { useApi } from '../ui/useApi.ts';
import './moderation.css';

const STATE_LABELS: Record<(typeof QUEUE_STATES)[number], string> = {
  needs_review: 'Zu prüfen',
  untagged: 'Ohne Zuordnung',
  suggested: 'Nur Vorschlag',
  flagged: 'Markiert',
  reviewed: 'Geprüft',
  hidden: 'Ausgeblendet',
  all: 'Alle',
};
const UNKNOWN_STADTTEIL = [{ value: PLACE_UNKNOWN, label: 'nicht genannt / unbekannt' }];
const SOURCE_LABELS = { self: 'selbst', staff: 'Team', suggested: 'Vorschlag', reviewed: 'geprüft' } as const;
const FLAG_LABELS: Record<string, string> = { personal_data_masked: 'Persönliche Daten automatisch maskiert', names_masked: 'Namen maskiert', edited_after_review: 'Nach der Prüfung geändert' };


export function ModerationPage({ slug }: { slug: string }) {
  const process = useApi('GET /api/processes/:slug', { params: { slug } });
  const [filters, setFilters] = useState<{ state: (typeof QUEUE_STATES)[number]; channel?: Channel; field: string; stadtteil: string; marketDay: string }>({
    state: 'needs_review',
    field: '',
    stadtteil: '',
    marketDay: '',
  });
  const marketDays = useApi('GET /api/stall/market-days', { query: { processSlug: slug } });
  const { state, channel, field, stadtteil, marketDay } = filters;
  const queue = useApi('GET /api/admin/processes/:slug/moderation', {
    params: { slug },
    query: { state, channel, field: field || undefined, stadtteil: stadtteil || undefined, marketDay: marketDay || undefined, limit: 50 },
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const emptyRef = useRef<HTMLParagraphElement>(null);
  /** After a save: the card to focus once the queue is back ('' for the first one, or the end-of-queue notice). */
  const focusAfterReload = useRef<string | null>(null);

  useEffect(() => setSelected(new Set()), [state, channel, field, stadtteil, marketDay]);

  useEffect(() => {
    const wanted = focusAfterReload.current;
    if (wanted === null || queue.loading || !queue.data) return;
    focusAfterReload.current = null;
    const cards = [...(listRef.current?.querySelectorAll<HTMLElement>('.mod-item') ?? [])];
    (cards.find((card) => card.dataset.id === wanted) ?? cards[0] ?? emptyRef.current)?.focus();
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

  if (process.loading) return <Layout title="Moderation"><Loading /></Layout>;
  if (!process.data) return <Layout title="Moderation"><ErrorNotice error={process.error} /></Layout>;
  const fields = flattenFields(process.data.fieldsOfAction);
  const fieldLabel = new Map(fields.map((field) => [field.key, field.label]));
  const stadtteilName = stadtteilNames(process.data.districts);

  /**
   * Runs one moderator action. With `advanceFrom` (a card's id), the keyboard moves on to the
   * next card once the action is saved, and the announcement says where it went.
   */
  async function act(action: () => Promise<unknown>, done: string, advanceFrom?: string) {
    setStatus(null);
    try {
      await action();
      let text = done;
      if (advanceFrom !== undefined) {
        const index = items.findIndex((item) => item.id === advanceFrom);
        const next = items[index + 1] ?? items[index - 1];
        // A reviewed card leaves every queue but "Geprüft" and "Alle"; count where the next one will stand.
        const stays = filters.state === 'all' || filters.state === 'reviewed';
        const left = (queue.data?.total ?? items.length) - (stays ? 0 : 1);
        const target = items[index + 1] ? index + (stays ? 2 : 1) : index;
        focusAfterReload.current = next?.id ?? '';
        text = next ? `${done} Weiter mit Beitrag ${target} von ${left}.` : `${done} Das war der letzte Beitrag hier.`;
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
  return (
    <Layout title="Moderation">
      <h1>Moderation</h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'moderation')} />
      <p class="hint" id="mod-keys">
        Tastatur: <kbd>j</kbd>/<kbd>k</kbd> springen zum nächsten/vorigen Beitrag. Auf einem Beitrag übernimmt <kbd>a</kbd> den Vorschlag, speichert ihn als geprüft und
        springt weiter; <kbd>Enter</kbd> speichert die gewählte Zuordnung und springt weiter. <kbd>Tab</kbd> führt durch die Felder.
      </p>
      <div aria-live="polite" aria-atomic="true">{status && <p class={`notice ${status.kind === 'error' ? 'error' : 'ok'}`}>{status.text}</p>}</div>

      <form class="mod-filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter">
        <div class="field">
          <label for="f-channel">Kanal</label>
          <select id="f-channel" value={filters.channel ?? ''} onChange={(e) => setFilters({ ...filters, channel: CHANNELS.find((known) => known === e.currentTarget.value) })}>
            <option value="">alle Kanäle</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {CHANNEL_LABELS[channel]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-field">Handlungsfeld</label>
          <select id="f-field" value={filters.field} onChange={(e) => setFilters({ ...filters, field: e.currentTarget.value })}>
            <option value="">alle Handlungsfelder</option>
            {fields.map((field) => (
              <option key={field.key} value={field.key}>
                {field.depth ? '– ' : ''}
                {field.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-stadtteil">Stadtteil</label>
          <StadtteilSelect
            id="f-stadtteil"
            districts={process.data.districts}
            value={filters.stadtteil || null}
            emptyLabel="alle Stadtteile"
            extra={UNKNOWN_STADTTEIL}
            onChange={(value) => setFilters({ ...filters, stadtteil: value ?? '' })}
          />
        </div>
        <div class="field">
          <label for="f-market-day">Markttag</label>
          <select id="f-market-day" value={filters.marketDay} onChange={(e) => setFilters({ ...filters, marketDay: e.currentTarget.value })}>
            <option value="">alle Markttage</option>
            {(marketDays.data?.marketDays ?? []).map((marketDay) => (
              <option key={marketDay.id} value={marketDay.id}>
                {new Date(`${marketDay.date}T12:00:00`).toLocaleDateString('de-DE')} · {marketDay.place} ({marketDay.noteCount})
              </option>
            ))}
          </select>
        </div>
      </form>
      <ul class="mod-states" aria-label="Status">
        {QUEUE_STATES.map((state) => (
          <li key={state}>
            <button type="button" class="button secondary" aria-pressed={filters.state === state} onClick={() => setFilters({ ...filters, state })}>
              {STATE_LABELS[state]}
              {queue.data ? ` (${queue.data.counts[state]})` : ''}
            </button>
          </li>
        ))}
      </ul>

      {queue.loading && <Loading />}
      {queue.error ? <ErrorNotice error={queue.error} /> : null}
      {queue.data && items.length === 0 && (
        <p class="notice ok" ref={emptyRef} tabIndex={-1}>
          Hier ist nichts (mehr) zu prüfen.
        </p>
      )}
      <h2 class="visually-hidden">Beiträge</h2>
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
      {selected.size > 0 && <BulkBar slug={slug} ids={[...selected]} fields={fields} act={act} />}
    </Layout>
  );
}


interface CardProps {
  item: ModerationItem;
  slug: string;
  process: ProcessDetail;
  fields: Array<{ key: string; label: string; depth: number }>;
  fieldLabel: Map<string, string>;
  stadtteilName: Map<string, string>;
  selected: boolean;
  onSelect: (on: boolean) => void;
  act: (action: () => Promise<unknown>, done: string, advanceFrom?: string) => Promise<void>;
}

/** A Stadtteil key, or a place sentinel, in German; "nicht genannt" when it is not known. */
function placeLabel(key: string | null, stadtteilName: Map<string, string>): string {
  return placeName(key, stadtteilName) ?? 'nicht genannt';
}

function ModerationCard({ item, slug, process, fields, fieldLabel, stadtteilName, selected, onSelect, act }: CardProps) {
  const firm = item.tags.filter((tag) => tag.source !== 'suggested').map((tag) => tag.field);
  const suggestedKeys = item.suggestion.fieldsOfAction.slice(0, 2).map((field) => field.key);
  const [chosen, setChosen] = useState<string[]>(firm.length ? firm : item.tags.map((tag) => tag.field));
  const [stadtteil, setStadtteil] = useState(item.stadtteil ?? item.suggestion.stadtteil ?? PLACE_UNKNOWN);
  const [hideReason, setHideReason] = useState('');
  const [nameToMask, setNameToMask] = useState('');
  const params = { slug, id: item.id };
  const headingId = `c-${item.id}`;
  const textId = `t-${item.id}`;
  // What "a" saves, as the bulk action does: the tags the contribution came with, else the best suggestion.
  const proposal = item.tags.length ? item.tags.map((tag) => tag.field) : suggestedKeys.slice(0, 1);
  const proposedStadtteil = item.stadtteil ?? item.suggestion.stadtteil ?? PLACE_UNKNOWN;

  const review = (fieldsOfAction: string[], place: string) => {
    const said = [fieldsOfAction.map((key) => fieldLabel.get(key) ?? key).join(', ') || 'ohne Handlungsfeld', placeLabel(place, stadtteilName)].join(' · ');
    return act(() => call('POST /api/admin/processes/:slug/contributions/:id/review', { params, body: { version: item.version, fieldsOfAction, stadtteil: place } }), `Geprüft gespeichert: ${said}.`, item.id);
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
      else void act(() => Promise.reject(new Error('Für diesen Beitrag gibt es keinen Vorschlag. Bitte Handlungsfelder wählen und „Geprüft speichern“.')), '');
    } else if (event.key === 'Enter' && target === event.currentTarget) {
      event.preventDefault();
      if (stadtteil) void save();
    }
  }

  function maskName() {
    const needle = nameToMask.trim();
    if (!needle) return;
    const ranges: Array<{ start: number; end: number }> = [];
    const haystack = item.maskedText.toLocaleLowerCase('de');
    let from = 0;
    for (;;) {
      const start = haystack.indexOf(needle.toLocaleLowerCase('de'), from);
      if (start < 0) break;
      ranges.push({ start, end: start + needle.length });
      from = start + needle.length;
    }
    if (ranges.length === 0) {
      void act(() => Promise.reject(new Error(`„${needle}“ kommt im Text nicht vor.`)), '');
      return;
    }
    void act(() => call('POST /api/admin/processes/:slug/contributions/:id/mask', { params, body: { version: item.version, ranges } }), `„${needle}“ ${ranges.length}× maskiert.`);
  }

  return (
    <li class={`mod-item${item.reviewed ? ' done' : ''}`} data-id={item.id} tabIndex={-1} aria-labelledby={headingId} aria-describedby={textId} onKeyDown={onKey}>
      <h3 id={headingId} class="visually-hidden">
        Beitrag {item.citeId} vom {germanDate(item.capturedOn)}, {CHANNEL_LABELS[item.channel]}
        {item.reviewed ? ', geprüft' : ''}
      </h3>
      <ul class="mod-meta">
        <li>
          <span class="visually-hidden">Zitat-Nummer </span>
          <strong class="cite-id">{item.citeId}</strong>
        </li>
        <li>{CHANNEL_LABELS[item.channel]}</li>
        <li>
          <time dateTime={item.capturedOn}>{germanDate(item.capturedOn)}</time>
        </li>
        {item.kind && <li>{KIND_LABELS[item.kind]}</li>}
        {item.language && <li>Sprache: {LANGUAGE_LABELS[item.language]}</li>}
        {item.status === 'hidden' && (
          <li>
            Ausgeblendet: <bdi dir="auto">{item.hiddenReason}</bdi>
          </li>
        )}
        {item.flags.map((flag) => (
          <li key={flag}>{FLAG_LABELS[flag] ?? flag}</li>
        ))}
      </ul>
      <p class="mod-text" id={textId} lang={item.language ?? undefined} dir="auto">
        {item.text}
      </p>
      {item.maskedText !== item.text && (
        <p class="hint">
          Für Arbeitsgruppen:{' '}
          <bdi lang={item.language ?? undefined} dir="auto">
            {item.maskedText}
          </bdi>
        </p>
      )}
      {item.language !== 'de' && item.language !== 'de-easy' && <GermanRendering item={item} params={params} act={act} />}
      <p>
        Zuordnung:{' '}
        {item.tags.length === 0
          ? 'keine'
          : item.tags.map((tag) => (
              <span key={tag.field}>
                {fieldLabel.get(tag.field) ?? tag.field}
                <span class="source">{SOURCE_LABELS[tag.source]}</span>{' '}
              </span>
            ))}
        {' · '}Stadtteil: {placeLabel(item.stadtteil, stadtteilName)}
      </p>
      {item.suggestion.fieldsOfAction.length > 0 && (
        <p class="because">
          Vorschlag:{' '}
          {item.suggestion.fieldsOfAction.slice(0, 2).map((field, index) => (
            <span key={field.key}>
              {index > 0 && '; '}
              {fieldLabel.get(field.key) ?? field.key} ({Math.round(field.score * 100)} %, wegen:{' '}
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
          {item.suggestion.stadtteil && ` · Stadtteil im Text: ${placeName(item.suggestion.stadtteil, stadtteilName)}`}
        </p>
      )}
      <fieldset class="mod-fields">
        <legend>Handlungsfelder</legend>
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
          <label for={`st-${item.id}`}>Stadtteil</label>
          <StadtteilSelect id={`st-${item.id}`} districts={process.districts} value={stadtteil} emptyLabel="bitte wählen" extra={UNKNOWN_STADTTEIL} onChange={(value) => setStadtteil(value ?? '')} />
        </div>
        {proposal.length > 0 && (
          <button type="button" class="button secondary" onClick={() => void acceptSuggestion()} aria-keyshortcuts="a">
            Vorschlag übernehmen und weiter
          </button>
        )}
        <button type="button" class="button" onClick={save} disabled={!stadtteil}>
          Geprüft speichern
        </button>
        <label class="chip-check">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.currentTarget.checked)} />
          Für Sammelaktion auswählen
        </label>
      </div>
      <details>
        <summary class="button link">Ausblenden oder Namen maskieren</summary>
        <div class="mod-row">
          <div class="field">
            <label for={`hide-${item.id}`}>Grund zum Ausblenden</label>
            <input id={`hide-${item.id}`} type="text" value={hideReason} onInput={(e) => setHideReason(e.currentTarget.value)} />
          </div>
          {item.status === 'hidden' ? (
            <button type="button" class="button secondary" onClick={() => act(() => call('POST /api/admin/processes/:slug/contributions/:id/show', { params, body: { version: item.version } }), 'Beitrag wieder sichtbar.')}>
              Wieder einblenden
            </button>
          ) : (
            <button
              type="button"
              class="button secondary"
              disabled={hideReason.trim().length < 3}
              onClick={() => act(() => call('POST /api/admin/processes/:slug/contributions/:id/hide', { params, body: { version: item.version, reason: hideReason.trim() } }), 'Beitrag ausgeblendet.')}
            >
              Ausblenden
            </button>
          )}
        </div>
        <div class="mod-row">
          <div class="field">
            <label for={`mask-${item.id}`}>Name im Text maskieren</label>
            <input id={`mask-${item.id}`} type="text" value={nameToMask} onInput={(e) => setNameToMask(e.currentTarget.value)} />
          </div>
          <button type="button" class="button secondary" disabled={!nameToMask.trim()} onClick={maskName}>
            Maskieren
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
function GermanRendering({ item, params, act }: { item: ModerationItem; params: { slug: string; id: string }; act: CardProps['act'] }) {
  const [text, setText] = useState(item.german?.text ?? '');
  const id = `de-${item.id}`;
  const changed = text.trim() !== (item.german?.text ?? '');
  return (
    <div class="mod-german">
      <div class="field">
        <label for={id}>Deutsch (menschliche Übersetzung)</label>
        <textarea id={id} lang="de" dir="ltr" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-describedby={`${id}-hint`} />
        <p class="hint" id={`${id}-hint`}>
          {item.german
            ? `Gespeichert am ${germanDate(item.german.translatedAt)}. Arbeitsgruppen sehen sie neben dem Original, maskiert wie das Original.`
            : 'Arbeitsgruppen sehen die deutsche Fassung neben dem Original, mit denselben Maskierungen.'}
        </p>
        {item.german && item.german.maskedText !== item.german.text && (
          <p class="hint">
            Für Arbeitsgruppen: <bdi lang="de">{item.german.maskedText}</bdi>
          </p>
        )}
      </div>
      <div class="mod-row">
        <button
          type="button"
          class="button secondary"
          disabled={!text.trim() || !changed}
          onClick={() => act(() => call('POST /api/admin/processes/:slug/contributions/:id/german', { params, body: { version: item.version, text: text.trim() } }), `Deutsche Fassung von ${item.citeId} gespeichert.`)}
        >
          Deutsche Fassung speichern
        </button>
        {item.german && (
          <button type="button" class="button link" onClick={() => act(() => call('POST /api/admin/processes/:slug/contributions/:id/german', { params, body: { version: item.version, text: null } }), `Deutsche Fassung von ${item.citeId} entfernt.`)}>
            Deutsche Fassung entfernen
          </button>
        )}
      </div>
    </div>
  );
}

function BulkBar({ slug, ids, fields, act }: { slug: string; ids: string[]; fields: Array<{ key: string; label: string }>; act: CardProps['act'] }) {
  const [field, setField] = useState(fields[0]?.key ?? '');
  const [reason, setReason] = useState('');
  const run = (body: BulkAction, done: string) => act(() => call('POST /api/admin/processes/:slug/contributions/bulk', { params: { slug }, body: { ...body, ids } }), done);
  return (
    <section class="bulk-bar" aria-label="Sammelaktion">
      <strong>{ids.length} ausgewählt</strong>
      <button type="button" class="button" onClick={() => run({ action: 'accept_suggestions' }, `${ids.length} Beiträge mit Vorschlag geprüft.`)}>
        Vorschläge übernehmen
      </button>
      <label for="bulk-field">Handlungsfeld</label>
      <select id="bulk-field" value={field} onChange={(e) => setField(e.currentTarget.value)}>
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </select>
      <button type="button" class="button secondary" onClick={() => run({ action: 'add_field', field }, 'Handlungsfeld ergänzt.')}>
        Hinzufügen
      </button>
      <label for="bulk-reason">Grund</label>
      <input id="bulk-reason" type="text" value={reason} onInput={(e) => setReason(e.currentTarget.value)} style={{ maxWidth: '14rem' }} />
      <button type="button" class="button secondary" disabled={reason.trim().length < 3} onClick={() => run({ action: 'hide', reason: reason.trim() }, 'Beiträge ausgeblendet.')}>
        Ausblenden
      </button>
    </section>
  );
}
