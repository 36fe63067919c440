import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeLog, Measure, MeasuresPage as MeasuresData, MeasureChange } from '../../shared/api/measures.ts';
import { pathTo } from '../../shared/api/path.ts';
import type { RouteQuery } from '../../shared/api/routes.ts';
import { germanOnly, htmlLang, textDirection, type Language, type LocalizedText } from '../../shared/languages.ts';
import { changeMessages, type ChangeMessage } from '../../shared/measure-changes.ts';
import { translationStatus, type TranslationStatuses } from '../../shared/measures.ts';
import { ApiError, call } from '../api.ts';
import { currentLanguage, tx, txAttributes } from '../i18n/index.ts';
import { fillParts } from '../i18n/translate.ts';
import { InText } from '../ui/CityName.tsx';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { Tx } from '../ui/Tx.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, tn, withLanguage, type MessageKey } from './messages.ts';
import { MaskedText } from './MaskedText.tsx';
import { PublicLayout } from './PublicLayout.tsx';
import './measures.css';

/** The filters as the address carries them (German words, as everywhere residents read addresses). */
const PARAMS = { field: 'feld', stadtteil: 'stadtteil', status: 'stand', progress: 'fortschritt' } as const;
type Filters = Record<keyof typeof PARAMS, string>;
const PROGRESS = {
  '0': { key: 'progressNotStarted', min: 0, max: 0 },
  '1-99': { key: 'progressUnderway', min: 1, max: 99 },
  '100': { key: 'progressComplete', min: 100, max: 100 },
} as const;

function readFilters(): Filters {
  const query = new URLSearchParams(location.search);
  return { field: query.get(PARAMS.field) ?? '', stadtteil: query.get(PARAMS.stadtteil) ?? '', status: query.get(PARAMS.status) ?? '', progress: query.get(PARAMS.progress) ?? '' };
}

function writeFilters(filters: Filters): void {
  const url = new URL(location.href);
  for (const [name, param] of Object.entries(PARAMS)) {
    const value = filters[name as keyof Filters];
    if (value) url.searchParams.set(param, value);
    else url.searchParams.delete(param);
  }
  history.replaceState(history.state, '', url);
}

const languageNow = () => currentLanguage.value;

/**
 * Whether the page shows a text of a measure or a Leitziel in German because it has none in
 * `language`: said once at the top, so a resident who reads no German knows why parts of the
 * page are in it (each such text is marked `lang="de"` for screen readers already).
 */
function showsGerman(data: MeasuresData, language: Language): boolean {
  const missing = (text: LocalizedText) => germanOnly(text, language);
  return data.guidingGoals.some((goal) => missing(goal.text)) || data.measures.some((measure) => missing(measure.title) || missing(measure.description));
}

/**
 * A resident's text in the page's language where it has one, marked when a machine translated it; German otherwise.
 * As a block (`p`, `dd`) the block itself takes the text's language and direction, so a German paragraph on the
 * Arabic page is laid out from the left as a whole, not as lines hung from the right edge.
 */
function Localized({ text, translations, as: Tag = 'span' }: { text: LocalizedText; translations: TranslationStatuses; as?: 'span' | 'p' | 'dd' }) {
  const language = languageNow();
  const own = language !== 'de' && text[language] ? language : 'de';
  const machine = own !== 'de' && translationStatus(translations, own) === 'machine';
  const badge = machine && <span class="machine-badge">{t('machineTranslated')}</span>;
  if (Tag === 'span') {
    return (
      <>
        <span lang={htmlLang(own)} dir={textDirection(own)}>
          {text[own] ?? text.de}
        </span>
        {badge}
      </>
    );
  }
  // The badge is there only for a text in the page's own language, so it shares the block's language.
  return (
    <Tag lang={htmlLang(own)} dir={textDirection(own)}>
      {text[own] ?? text.de}
      {badge}
    </Tag>
  );
}

const formatDay = (day: string) => new Intl.DateTimeFormat(htmlLang(languageNow()), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T00:00:00Z`));
const formatEuro = (cents: number) => new Intl.NumberFormat(htmlLang(languageNow()), { style: 'currency', currency: 'EUR' }).format(cents / 100);

function Progress({ value, id }: { value: number; id: string }) {
  return (
    <div class="measure-progress">
      <p id={id}>{t('progressIs', { percent: value })}</p>
      {/* The sentence above says it; the bar shows it, and is hidden from screen readers so it is not read twice. */}
      <progress max={100} value={value} aria-hidden="true" />
    </div>
  );
}

/** A change log message in the page's language; a measure's text without one reads German, marked so. */
function say({ key, params }: ChangeMessage) {
  const parts = Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? <Tx text={value.text} /> : String(value)]);
  return fillParts(t(key as MessageKey), Object.fromEntries(parts) as Record<string, ComponentChild>);
}

function ChangeItem({ change }: { change: MeasureChange }) {
  const messages = changeMessages(change, t as (key: string, params?: Record<string, string | number>) => string);
  const headline = say(messages.headline);
  const lines = messages.lines.map(say);
  return (
    <li>
      <p class="change-head">
        <time dateTime={change.at}>{formatDay(change.at)}</time> · {headline}
      </p>
      {lines.length > 0 && (
        <ul class="change-lines">
          {lines.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Changes newest first, page by page; `entity` for one measure's history. */
function ChangeList({ slug, entity }: { slug: string; entity?: string }) {
  const [log, setLog] = useState<ChangeLog | null>(null);
  const [failed, setFailed] = useState(false);
  const load = async (before?: number) => {
    try {
      const page = await call('GET /api/processes/:slug/measures/changes', { params: { slug }, query: { entity, before, limit: 20 } });
      setLog((previous) => (before && previous ? { changes: [...previous.changes, ...page.changes], next: page.next } : page));
    } catch {
      setFailed(true);
    }
  };
  useEffect(() => void load(), [slug, entity]);
  if (failed) return <p class="notice error">{t('loadFailed')}</p>;
  if (!log) return <Loading label={t('loading')} />;
  if (log.changes.length === 0) return <p>{t('changeLogEmpty')}</p>;
  return (
    <>
      <ol class="change-list">
        {log.changes.map((change) => (
          <ChangeItem key={change.id} change={change} />
        ))}
      </ol>
      {log.next !== null && (
        <button type="button" class="button secondary" onClick={() => void load(log.next ?? undefined)}>
          {t('olderChanges')}
        </button>
      )}
    </>
  );
}

function MeasureCard({ measure, data, slug }: { measure: Measure; data: MeasuresData; slug: string }) {
  const [showHistory, setShowHistory] = useState(false);
  const goal = data.guidingGoals.find((candidate) => candidate.id === measure.guidingGoalId);
  const stadtteile = measure.stadtteilKeys.map((key) => data.stadtteile.find((stadtteil) => stadtteil.key === key)?.name ?? key);
  const headingId = `m-${measure.id}-title`;
  return (
    <article class="measure card" id={`m-${measure.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Localized text={measure.title} translations={measure.translations} />
      </h3>
      <p class={`measure-status status-${measure.status.concluded ? 'concluded' : 'open'}`}>{fillParts(t('statusIs'), { status: <Localized text={measure.status.label} translations={measure.status.translations} /> })}</p>
      <Progress value={measure.progress} id={`m-${measure.id}-progress`} />
      {measure.description.de && (
        <div class="measure-description">
          <Localized text={measure.description} translations={measure.translations} as="p" />
        </div>
      )}
      <dl class="measure-facts">
        {goal && (
          <div>
            <dt>{t('changeFieldGuidingGoalId')}</dt>
            <Localized text={goal.text} translations={goal.translations} as="dd" />
          </div>
        )}
        <div>
          <dt>{t('responsible')}</dt>
          <dd lang="de">{measure.responsible ?? '–'}</dd>
        </div>
        {measure.partners.length > 0 && (
          <div>
            <dt>{t('partners')}</dt>
            <dd lang="de">{measure.partners.join(', ')}</dd>
          </div>
        )}
        <div>
          <dt>{t('measureStadtteile')}</dt>
          <dd>{stadtteile.length > 0 ? <span lang="de">{stadtteile.join(', ')}</span> : t('wholeCity')}</dd>
        </div>
        <div>
          <dt>{t('councilDecision')}</dt>
          <dd>
            {measure.councilDocument || measure.councilDecidedOn
              ? [measure.councilDocument && t('councilDocument', { number: measure.councilDocument }), measure.councilDecidedOn && t('councilOn', { date: formatDay(measure.councilDecidedOn) })]
                  .filter(Boolean)
                  .join(' ')
              : t('councilNone')}
          </dd>
        </div>
        <div>
          <dt>{t('budget')}</dt>
          <dd>
            {measure.budgetCents !== null ? formatEuro(measure.budgetCents) : t('budgetNone')}
            {measure.budgetNote && <span lang="de"> ({measure.budgetNote})</span>}
          </dd>
        </div>
      </dl>
      {measure.milestones.length > 0 && (
        // Parts of the measure's card, not landmarks of their own (each card has them).
        <div class="measure-part">
          <h4>{t('milestones')}</h4>
          <ol class="milestones">
            {measure.milestones.map((milestone, index) => (
              <li key={index} class={milestone.done ? 'done' : 'planned'}>
                <span class="milestone-mark" aria-hidden="true">
                  {milestone.done ? '✓' : '○'}
                </span>
                <time dateTime={milestone.date}>{formatDay(milestone.date)}</time>: <Localized text={milestone.label} translations={measure.translations} /> –{' '}
                <strong>{milestone.done ? t('milestoneDone') : t('milestonePlanned')}</strong>
              </li>
            ))}
          </ol>
        </div>
      )}
      {measure.resultLinks.length > 0 && (
        <div class="measure-part">
          <h4>{t('basedOn')}</h4>
          <ul>
            {measure.resultLinks.map((link, index) => (
              <li key={index}>
                {t(link.kind === 'question' ? 'linkedQuestion' : 'linkedDotVote', { title: link.title ? tx(link.title) : link.ref })}
                {link.option && <> – {tx(link.option)}</>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {measure.contributions.length > 0 && (
        <details class="measure-contributions">
          <summary>{t('takenUpContributions', { count: measure.contributions.length })}</summary>
          <ul>
            {measure.contributions.map((contribution) => (
              <li key={contribution.citeId}>
                <span class="cite-id">{contribution.citeId}</span>{' '}
                <q lang={contribution.language ? htmlLang(contribution.language) : undefined} dir={contribution.language ? textDirection(contribution.language) : 'auto'}>
                  <MaskedText text={contribution.text} language={languageNow()} />
                </q>
              </li>
            ))}
          </ul>
        </details>
      )}
      <details class="measure-history" onToggle={(event) => setShowHistory((event.currentTarget as HTMLDetailsElement).open)}>
        <summary>{t('history')}</summary>
        {showHistory && <ChangeList slug={slug} entity={measure.id} />}
      </details>
      <p class="hint">{t('updatedOn', { date: formatDay(measure.updatedOn) })}</p>
    </article>
  );
}

function FilterForm({ data, filters, onChange }: { data: MeasuresData; filters: Filters; onChange: (next: Filters) => void }) {
  const select = (name: keyof Filters, label: string, options: Array<{ value: string; label: string; lang?: string }>) => (
    <div class="field">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} value={filters[name]} onChange={(event) => onChange({ ...filters, [name]: (event.currentTarget as HTMLSelectElement).value })}>
        <option value="">{t('filterAll')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form class="measure-filters" aria-label={t('measuresFilters')} onSubmit={(event) => event.preventDefault()}>
      {select(
        'field',
        t('filterField'),
        data.fields.map((field) => ({ value: field.key, label: `${field.parentKey ? '– ' : ''}${tx(field.label)}`, lang: txAttributes(field.label).lang })),
      )}
      {select(
        'stadtteil',
        t('filterStadtteil'),
        data.stadtteile.map((stadtteil) => ({ value: stadtteil.key, label: stadtteil.name, lang: 'de' })),
      )}
      {select(
        'status',
        t('filterStatus'),
        data.statuses.map((status) => ({ value: status.key, label: tx(status.label), lang: txAttributes(status.label).lang })),
      )}
      {select(
        'progress',
        t('filterProgress'),
        Object.entries(PROGRESS).map(([value, band]) => ({ value, label: t(band.key) })),
      )}
      {Object.values(filters).some(Boolean) && (
        <button type="button" class="button link" onClick={() => onChange({ field: '', stadtteil: '', status: '', progress: '' })}>
          {t('filterReset')}
        </button>
      )}
    </form>
  );
}

/**
 * The public measures page `/p/:slug/massnahmen`: per field of action its Leitziele and measures
 * with status, progress (as text and bar), milestones, council decision, budget and the inputs
 * they take up (masked, with cite ids); filters in the address; each measure's history and the
 * change log, which the Atom feed carries too.
 */
export function MeasuresPage({ slug }: { slug: string }) {
  const [filters, setFilters] = useState<Filters>(readFilters);
  const band = PROGRESS[filters.progress as keyof typeof PROGRESS] as (typeof PROGRESS)[keyof typeof PROGRESS] | undefined;
  const query: RouteQuery<'GET /api/processes/:slug/measures'> = {
    field: filters.field || undefined,
    stadtteil: filters.stadtteil || undefined,
    status: filters.status || undefined,
    progressMin: band?.min,
    progressMax: band?.max,
  };
  const { data, error, loading } = useApi('GET /api/processes/:slug/measures', { params: { slug }, query });
  // The last answer stays on screen while a new filter loads, so the form keeps its focus.
  const [shown, setShown] = useState<MeasuresData | undefined>(undefined);
  useEffect(() => {
    if (data) setShown(data);
  }, [data]);
  // A link to one measure or Leitziel (`#m-<id>`, from a receipt) lands on it once the list is
  // drawn: the browser cannot, since the card did not exist when the page loaded.
  const landed = useRef(false);
  useEffect(() => {
    if (!shown || landed.current) return;
    landed.current = true;
    const target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!target) return;
    target.setAttribute('tabindex', '-1');
    // After the router's own scroll to the top of a newly opened page.
    requestAnimationFrame(() => {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    });
  }, [shown]);
  const feed = pathTo('GET /api/processes/:slug/measures/feed.atom', { params: { slug }, query: { lang: currentLanguage.value } });
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.href = feed;
    document.head.append(link);
    return () => link.remove();
  }, [feed]);
  const change = (next: Filters) => {
    writeFilters(next);
    setFilters(next);
  };

  if (!shown) {
    return (
      <PublicLayout title={t('measuresTitle')}>
        {loading || !error ? <Loading label={t('loading')} /> : <ErrorNotice error={error instanceof ApiError && error.status === 404 ? t('processNotFound') : t('loadFailed')} />}
      </PublicLayout>
    );
  }
  const fieldLabel = new Map(shown.fields.map((field) => [field.key, field.label]));
  const visibleFields = shown.fields.filter((field) => shown.measures.some((measure) => measure.fieldKey === field.key) || (!filters.stadtteil && !filters.status && !filters.progress && (!filters.field || filters.field === field.key || field.parentKey === filters.field) && shown.guidingGoals.some((goal) => goal.fieldKey === field.key)));
  return (
    <PublicLayout title={t('measuresTitle')} process={shown.process.title} city={shown.process.city}>
      <p class="breadcrumb">
        <a href={withLanguage(`/p/${slug}`)} {...txAttributes(shown.process.title)}>
          {tx(shown.process.title)}
        </a>
      </p>
      <h1>{fillParts(t('measuresHeading'), { process: <InText text={shown.process.title} language={currentLanguage.value} /> })}</h1>
      <p>{t('measuresIntro')}</p>
      {showsGerman(shown, currentLanguage.value) && <p class="hint">{t('germanOnlyTexts')}</p>}
      <FilterForm data={shown} filters={filters} onChange={change} />
      <p role="status" class="measure-count">
        {tn('measuresCount', shown.total, { shown: shown.measures.length, total: shown.total })}
      </p>
      {error !== null && error !== undefined && <p class="notice error">{t('loadFailed')}</p>}
      {shown.measures.length === 0 && <p class="notice">{t('measuresNone')}</p>}
      {visibleFields.map((field) => {
        const goals = shown.guidingGoals.filter((goal) => goal.fieldKey === field.key);
        const measures = shown.measures.filter((measure) => measure.fieldKey === field.key);
        return (
          <section key={field.key} class="measure-field" aria-labelledby={`f-${field.key}`}>
            <h2 id={`f-${field.key}`}>
              <Tx text={fieldLabel.get(field.key)!} />
            </h2>
            {goals.length > 0 && (
              <>
                <h3 class="goals-heading">{t('guidingGoals')}</h3>
                <ul class="guiding-goals">
                  {goals.map((goal) => (
                    <li key={goal.id} id={`g-${goal.id}`}>
                      <Localized text={goal.text} translations={goal.translations} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            {measures.map((measure) => (
              <MeasureCard key={measure.id} measure={measure} data={shown} slug={slug} />
            ))}
          </section>
        );
      })}
      <section aria-labelledby="change-log" class="change-log">
        <h2 id="change-log">{t('changeLog')}</h2>
        <p>{t('changeLogIntro')}</p>
        <p>
          <a class="standalone" href={feed} type="application/atom+xml">
            {t('feedLink')}
          </a>
        </p>
        <ChangeList slug={slug} />
      </section>
    </PublicLayout>
  );
}
