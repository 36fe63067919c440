import { useEffect, useState } from 'preact/hooks';
import type { ContributionOutcome } from '../../shared/api/measures.ts';
import type { RouteOutput } from '../../shared/api/routes.ts';
import { call, ApiError } from '../api.ts';
import { ErrorNotice, Layout, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { germanDate } from '../ui/format.ts';
import { staffText } from '../ui/labels.ts';
import { useApi } from '../ui/useApi.ts';
import { t, tn } from './messages.ts';
import { ResultsNav } from './ResultsNav.tsx';
import { VoiceTexts } from './VoiceTexts.tsx';
import './measures-editor.css';

type Item = RouteOutput<'GET /api/processes/:slug/outcomes'>['items'][number];
type EditorData = RouteOutput<'GET /api/processes/:slug/measure-editor'>;
const STATES = { open: 'outcomesPage.stateOpen', decided: 'outcomesPage.stateDecided', all: 'outcomesPage.stateAll' } as const;
/** "12 Beiträge ohne Verbleib" per state, with its plural forms. */
const COUNTS = { open: 'outcomesPage.countOpen', decided: 'outcomesPage.countDecided', all: 'outcomesPage.countAll' } as const;
const PAGE_SIZE = 25;

/**
 * How the count of the list's state changed by the outcomes decided on this page since it was
 * loaded (the list itself keeps its items, so nobody loses the place they are at): an item whose
 * outcome left the state counts −1, one that came into it +1.
 */
function movedIn(items: readonly Item[], saved: Readonly<Record<string, ContributionOutcome>>, state: keyof typeof STATES): number {
  if (state === 'all') return 0;
  const inState = (outcome: ContributionOutcome) => (outcome.kind === 'open') === (state === 'open');
  return items.reduce((sum, item) => {
    const now = saved[item.id];
    return now === undefined || inState(now) === inState(item.outcome) ? sum : sum + (inState(now) ? 1 : -1);
  }, 0);
}

/** An outcome as staff read it in a sentence. */
function outcomeText(outcome: ContributionOutcome): string {
  switch (outcome.kind) {
    case 'taken_up':
      return t('outcomesPage.takenUpIn', {
        measures: outcome.measures.map((measure) => t('outcomesPage.measureState', { title: measure.title.de, status: staffText(measure.status.label), progress: measure.progress })).join(', '),
      });
    case 'not_pursued':
      return t('outcomesPage.notPursuedBecause', { reason: outcome.reason ?? '' });
    case 'passed_on':
      return t('outcomesPage.passedOnTo', { to: outcome.passedTo ?? '' });
    default:
      return t('outcomesPage.noOutcomeYet');
  }
}

function OutcomeForm({ slug, item, editor, onSaved }: { slug: string; item: Item; editor: EditorData; onSaved: (outcome: ContributionOutcome) => void }) {
  const [kind, setKind] = useState<ContributionOutcome['kind']>(item.outcome.kind);
  const [measureIds, setMeasureIds] = useState<string[]>(item.outcome.measures.map((measure) => measure.id));
  const [reason, setReason] = useState(item.outcome.reason ?? '');
  const [passedTo, setPassedTo] = useState(item.outcome.passedTo ?? '');
  const [error, setError] = useState<string | null>(null);
  // Said once a save went through: the form stays open, so its line above is not the only sign.
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [kind, measureIds, reason, passedTo]);
  const measures = editor.measures.filter((measure) => editor.editableFields.includes(measure.fieldKey));
  const id = (part: string) => `o-${item.id}-${part}`;
  const save = async (event: Event) => {
    event.preventDefault();
    const body =
      kind === 'taken_up' ? { kind, measureIds } : kind === 'not_pursued' ? { kind, reason } : kind === 'passed_on' ? { kind, passedTo } : { kind: 'open' as const };
    if (kind === 'taken_up' && measureIds.length === 0) return setError(t('outcomesPage.chooseMeasure'));
    if (kind === 'not_pursued' && !reason.trim()) return setError(t('outcomesPage.writeReason'));
    if (kind === 'passed_on' && !passedTo.trim()) return setError(t('outcomesPage.writePassedTo'));
    try {
      onSaved(await call('PUT /api/processes/:slug/contributions/:id/outcome', { params: { slug, id: item.id }, body }));
      setError(null);
      setSaved(true);
    } catch (caught) {
      setSaved(false);
      setError(
        caught instanceof ApiError && caught.code === 'taken_up_elsewhere'
          ? t('outcomesPage.takenUpElsewhere')
          : caught instanceof ApiError
            ? caught.message
            : t('outcomesPage.saveFailed'),
      );
    }
  };
  const options = [
    { value: 'taken_up', label: t('outcomesPage.optionTakenUp') },
    { value: 'not_pursued', label: t('outcomesPage.optionNotPursued') },
    { value: 'passed_on', label: t('outcomesPage.optionPassedOn') },
    { value: 'open', label: t('outcomesPage.optionOpen') },
  ] as const;
  return (
    <form class="outcome-form" onSubmit={save}>
      <fieldset>
        <legend>{t('outcomesPage.outcomeOf', { citeId: item.citeId })}</legend>
        {options.map((option) => (
          <label key={option.value} class="checkbox">
            <input type="radio" name={id('kind')} value={option.value} checked={kind === option.value} onChange={() => setKind(option.value)} />
            {option.label}
          </label>
        ))}
      </fieldset>
      {kind === 'taken_up' && (
        <fieldset>
          <legend>{t('outcomesPage.measuresTakingUp', { citeId: item.citeId })}</legend>
          {measures.length === 0 && <p>{t('outcomesPage.createMeasureFirst')}</p>}
          {measures.map((measure) => (
            <label key={measure.id} class="checkbox">
              <input
                type="checkbox"
                checked={measureIds.includes(measure.id)}
                onChange={(event) => setMeasureIds(event.currentTarget.checked ? [...measureIds, measure.id] : measureIds.filter((other) => other !== measure.id))}
              />
              {measure.title.de}
            </label>
          ))}
        </fieldset>
      )}
      {kind === 'not_pursued' && (
        <div class="field">
          <label for={id('reason')}>{t('outcomesPage.reason')}</label>
          <textarea id={id('reason')} class="short" value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
        </div>
      )}
      {kind === 'passed_on' && (
        <div class="field">
          <label for={id('passed')}>{t('outcomesPage.passedTo')}</label>
          <input id={id('passed')} type="text" value={passedTo} onInput={(event) => setPassedTo(event.currentTarget.value)} />
        </div>
      )}
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button">
        {t('outcomesPage.saveOutcome')}
      </button>
      <p role="status" class={saved ? 'notice ok' : 'visually-hidden'}>
        {saved ? t('outcomesPage.saved', { citeId: item.citeId }) : ''}
      </p>
    </form>
  );
}

/** The report of inputs without an outcome; the page remounts it after each decision. */
function OpenReport({ slug, fieldLabel }: { slug: string; fieldLabel: (key: string) => string }) {
  const report = useApi('GET /api/processes/:slug/outcomes/report', { params: { slug } });
  if (!report.data) return report.error ? <ErrorNotice error={report.error} /> : <Loading />;
  if (report.data.groups.length === 0) return <p>{t('outcomesPage.noGroups')}</p>;
  return (
    <>
      <ScrollArea labelledBy="outcome-report-caption">
        <table class="outcome-report">
          <caption id="outcome-report-caption">{t('outcomesPage.reportCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('outcomesPage.workingGroup')}</th>
              <th scope="col">{t('outcomesPage.open')}</th>
              <th scope="col">{t('outcomesPage.all')}</th>
              <th scope="col">{t('outcomesPage.perField')}</th>
            </tr>
          </thead>
          <tbody>
            {report.data.groups.map((group) => (
              <tr key={group.name}>
                <th scope="row">{group.name}</th>
                <td>{group.open}</td>
                <td>{group.total}</td>
                <td>{group.fields.map((field) => t('outcomesPage.fieldOpenOf', { field: fieldLabel(field.key), open: field.open, total: field.total })).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
      {report.data.groups
        .filter((group) => group.open > 0)
        .map((group) => (
          <details key={group.name} class="open-items">
            <summary>
              {t('outcomesPage.openAt', { group: group.name, open: group.open })}
            </summary>
            <ul>
              {group.openItems.map((item) => (
                <li key={item.id}>
                  <span class="cite-id">{item.citeId}</span> <bdi dir="auto">{item.text}</bdi>
                </li>
              ))}
            </ul>
            {group.openItems.length < group.open && <p class="hint">{t('outcomesPage.oldestOf', { shown: group.openItems.length, open: group.open })}</p>}
          </details>
        ))}
    </>
  );
}

/**
 * What became of each input (`/auswertung/p/:slug/verbleib`): the report of inputs without an
 * outcome per working group, and the group's contributions, each decided as taken up in measures,
 * not pursued (with the reason residents will read) or passed on.
 */
export function OutcomesPage({ slug }: { slug: string }) {
  const [state, setState] = useState<keyof typeof STATES>('open');
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(0);
  const [saved, setSaved] = useState<Record<string, ContributionOutcome>>({});
  const editor = useApi('GET /api/processes/:slug/measure-editor', { params: { slug } });
  const list = useApi('GET /api/processes/:slug/outcomes', { params: { slug }, query: { state, offset, limit: PAGE_SIZE } });
  if (!editor.data) return <Layout title={t('outcomesPage.shortTitle')}>{editor.error ? <ErrorNotice error={editor.error} /> : <Loading />}</Layout>;
  const labels = new Map(editor.data.fields.map((field) => [field.key, staffText(field.label)]));
  const fieldLabel = (key: string) => labels.get(key) ?? key;
  return (
    <Layout title={t('outcomesPage.title')} process={editor.data.process.title}>
      <h1>{t('outcomesPage.heading', { title: staffText(editor.data.process.title) })}</h1>
      <ResultsNav slug={slug} current="verbleib" />
      <p>{t('outcomesPage.intro')}</p>
      <h2>{t('outcomesPage.openPerGroup')}</h2>
      <OpenReport key={tick} slug={slug} fieldLabel={fieldLabel} />
      <h2>{t('outcomesPage.contributions')}</h2>
      <div class="field">
        <label for="outcome-state">{t('outcomesPage.show')}</label>
        <select
          id="outcome-state"
          value={state}
          onChange={(event) => {
            setState(event.currentTarget.value as keyof typeof STATES);
            setOffset(0);
          }}
        >
          {Object.entries(STATES).map(([value, label]) => (
            <option key={value} value={value}>
              {t(label)}
            </option>
          ))}
        </select>
      </div>
      {!list.data ? (
        list.error ? (
          <ErrorNotice error={list.error} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          <p role="status">
            {tn(COUNTS[state], list.data.total + movedIn(list.data.items, saved, state))}
          </p>
          <ol class="outcome-list">
            {list.data.items.map((item) => {
              const outcome = saved[item.id] ?? item.outcome;
              return (
                <li key={item.id} class="card">
                  <p>
                    <span class="cite-id">{item.citeId}</span> · {germanDate(item.month)} · {item.fieldKeys.map(fieldLabel).join(', ')}
                  </p>
                  <VoiceTexts text={item.text} language={item.language} german={item.german} />
                  <p class="outcome-now">
                    <strong>{t('outcomesPage.outcome')}</strong> {outcomeText(outcome)}
                  </p>
                  <details>
                    <summary>{t('outcomesPage.decide')}</summary>
                    <OutcomeForm
                      slug={slug}
                      item={{ ...item, outcome }}
                      editor={editor.data!}
                      onSaved={(next) => {
                        setSaved({ ...saved, [item.id]: next });
                        setTick(tick + 1);
                      }}
                    />
                  </details>
                </li>
              );
            })}
          </ol>
          <div class="actions">
            {offset > 0 && (
              <button type="button" class="button secondary" onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                {t('outcomesPage.previousPage')}
              </button>
            )}
            {offset + PAGE_SIZE < list.data.total && (
              <button type="button" class="button secondary" onClick={() => setOffset(offset + PAGE_SIZE)}>
                {t('outcomesPage.nextPage')}
              </button>
            )}
          </div>
        </>
      )}
    </Layout>
  );
}
