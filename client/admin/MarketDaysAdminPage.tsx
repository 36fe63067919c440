import { useRef, useState } from 'preact/hooks';
import type { AdminMarketDay } from '../../shared/api/market-days.ts';
import { PLACE_OUTSIDE } from '../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { staffLocale } from '../i18n/staff.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { outsideLabel, placeName, staffText } from '../ui/labels.ts';
import { ErrorNotice, errorText, Layout, Loading } from '../ui/Layout.tsx';
import { adminPath, ProcessPicker } from '../ui/ProcessPicker.tsx';
import { StadtteilSelect, type DistrictGroup } from '../ui/StadtteilSelect.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, tn } from './messages.ts';
import { ROLE_NAMES } from './role-names.ts';
import './market-days.css';

/** What the form holds: the three things an admin plans or corrects. */
interface Fields {
  date: string;
  place: string;
  stadtteil: string | null;
}

const EMPTY: Fields = { date: '', place: '', stadtteil: null };

/** A market day's day with its weekday, in the staff language: „Sa., 6. Juni 2026“. */
function dayWithWeekday(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDay;
  return new Intl.DateTimeFormat(staffLocale(), { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Which fields are missing, in the form's order, for the message and `aria-invalid`. */
function missing(fields: Fields): Array<'date' | 'place'> {
  return [...(fields.date ? [] : (['date'] as const)), ...(fields.place.trim() ? [] : (['place'] as const))];
}

/** An example place in this process's own city: its first Stadtteil's market, not another city's. */
function placeHint(districts: readonly DistrictGroup[]): string {
  const stadtteil = districts.find((district) => district.stadtteile.length > 0)?.stadtteile[0]?.name;
  return stadtteil ? t('marketDays.placeHintIn', { stadtteil }) : t('marketDays.placeHint');
}

/** The page's problem message; the field it names points to it. */
const ERROR_ID = 'market-day-error';

/**
 * Date, place and Stadtteil with their labels; ids start with `id`, so the new form and a correction can stand on one page.
 * `errorFor` is the id of the field the page's problem message names: a screen reader reads the message with that field.
 */
function MarketDayFields({ id: prefix, fields, onChange, districts, invalid, errorFor }: { id: string; fields: Fields; onChange: (next: Fields) => void; districts: readonly DistrictGroup[]; invalid: ReadonlyArray<'date' | 'place'>; errorFor: string | undefined }) {
  const describedBy = (field: 'date' | 'place', ...ids: string[]) => [...ids, errorFor === `${prefix}-${field}` ? ERROR_ID : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="market-day-fields">
      <div class="field">
        <label for={`${prefix}-date`}>{t('marketDays.date')}</label>
        <input id={`${prefix}-date`} type="date" required value={fields.date} aria-invalid={invalid.includes('date') ? true : undefined} aria-describedby={describedBy('date')} onInput={(e) => onChange({ ...fields, date: e.currentTarget.value })} />
      </div>
      <div class="field">
        <label for={`${prefix}-place`}>{t('marketDays.place')}</label>
        <input
          id={`${prefix}-place`}
          type="text"
          required
          maxLength={200}
          autoComplete="off"
          aria-describedby={describedBy('place', `${prefix}-place-hint`)}
          value={fields.place}
          aria-invalid={invalid.includes('place') ? true : undefined}
          onInput={(e) => onChange({ ...fields, place: e.currentTarget.value })}
        />
        <span id={`${prefix}-place-hint`} class="hint">
          {placeHint(districts)}
        </span>
      </div>
      <div class="field">
        <label for={`${prefix}-stadtteil`}>{t('marketDays.stadtteil')}</label>
        <StadtteilSelect
          id={`${prefix}-stadtteil`}
          districts={districts}
          value={fields.stadtteil}
          onChange={(stadtteil) => onChange({ ...fields, stadtteil })}
          emptyLabel={t('marketDays.noStadtteil')}
          extra={[{ value: PLACE_OUTSIDE, label: outsideLabel() }]}
        />
      </div>
    </div>
  );
}

/** What the page says; a problem with a field names the field's id. */
type Status = { kind: 'ok' | 'error'; text: string; field?: string } | null;

/**
 * The market days („Markttage“) of a process in its admin area: plan one ahead (the tablets of the
 * stall list it once online), correct date, place or Stadtteil of any one, also one a tablet
 * created, and remove one nothing was captured on. Every change goes to the audit log.
 */
export function MarketDaysAdminPage({ slug }: { slug: string }) {
  const title = t('marketDays.title');
  const process = useApi('GET /api/admin/processes/:slug', { params: { slug } });
  const list = useApi('GET /api/admin/processes/:slug/market-days', { params: { slug } });
  const [draft, setDraft] = useState<Fields>(EMPTY);
  const [draftInvalid, setDraftInvalid] = useState<Array<'date' | 'place'>>([]);
  // Made once per planned market day: a second click or a resend after a lost answer is the same one.
  const newId = useRef(crypto.randomUUID());
  const [editing, setEditing] = useState<{ id: string; version: number; fields: Fields; invalid: Array<'date' | 'place'> } | null>(null);
  // The market day being merged into another, and the one chosen to keep.
  const [merging, setMerging] = useState<{ id: string; into: string } | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  if (!process.data || !list.data) {
    const error = process.error || list.error;
    return <Layout title={title}>{error ? <ErrorNotice error={error} /> : <Loading />}</Layout>;
  }
  const districts = process.data.structure.districts;
  const names = new Map(districts.flatMap((district) => district.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name] as const)));
  const where = (key: string | null) => placeName(key, names) ?? t('marketDays.noStadtteil');
  const marketDays = list.data.marketDays;

  /** Says what happened: a success in the status region, a problem as an alert; `focus` moves there when the control the admin used is gone. */
  const say = (next: Status, focus = false) => {
    setStatus(next);
    if (focus) requestAnimationFrame(() => statusRef.current?.focus());
  };

  async function plan(event: Event) {
    event.preventDefault();
    if (busy) return;
    const invalid = missing(draft);
    setDraftInvalid(invalid);
    if (invalid.length > 0) {
      say({ kind: 'error', text: invalid.includes('date') ? t('marketDays.dateMissing') : t('marketDays.placeMissing'), field: `new-${invalid[0]}` });
      document.getElementById(`new-${invalid[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await call('POST /api/admin/processes/:slug/market-days', { params: { slug }, body: { id: newId.current, date: draft.date, place: draft.place.trim(), stadtteil: draft.stadtteil } });
      newId.current = crypto.randomUUID();
      setDraft(EMPTY);
      list.reload();
      say({ kind: 'ok', text: t('marketDays.planned', { day: dayWithWeekday(saved.date), place: saved.place }) });
    } catch (err) {
      say({ kind: 'error', text: errorText(err, { unknown_stadtteil: t('marketDays.unknownStadtteil') }) });
    } finally {
      setBusy(false);
    }
  }

  async function correct(event: Event) {
    event.preventDefault();
    if (!editing) return;
    const invalid = missing(editing.fields);
    if (invalid.length > 0) {
      setEditing({ ...editing, invalid });
      say({ kind: 'error', text: invalid.includes('date') ? t('marketDays.dateMissing') : t('marketDays.placeMissing'), field: `edit-${invalid[0]}` });
      document.getElementById(`edit-${invalid[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const { fields } = editing;
      const result = await call('PATCH /api/admin/processes/:slug/market-days/:id', {
        params: { slug, id: editing.id },
        body: { baseVersion: editing.version, date: fields.date, place: fields.place.trim(), stadtteil: fields.stadtteil },
      });
      setEditing(null);
      list.reload();
      const saved = result.marketDay;
      const text = [
        t('marketDays.corrected', { day: dayWithWeekday(saved.date), place: saved.place }),
        result.notesMoved > 0 ? tn('marketDays.notesMoved', result.notesMoved, { stadtteil: where(saved.stadtteil) }) : '',
        result.papersMoved > 0 ? tn('marketDays.papersMoved', result.papersMoved, { day: dayWithWeekday(saved.date) }) : '',
      ];
      say({ kind: 'ok', text: text.filter(Boolean).join(' ') }, true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'version_conflict') {
        setEditing(null);
        list.reload();
        say({ kind: 'error', text: t('marketDays.versionConflict') }, true);
      } else {
        say({ kind: 'error', text: errorText(err, { unknown_stadtteil: t('marketDays.unknownStadtteil') }) });
      }
    } finally {
      setBusy(false);
    }
  }

  function askRemove(day: AdminMarketDay) {
    setConfirm({
      title: t('marketDays.removeTitle'),
      body: t('marketDays.removeBody', { day: dayWithWeekday(day.date), place: day.place }),
      confirmLabel: t('marketDays.removeConfirm'),
      onConfirm: async () => {
        try {
          await call('DELETE /api/admin/processes/:slug/market-days/:id', { params: { slug, id: day.id } });
          say({ kind: 'ok', text: t('marketDays.removed', { day: dayWithWeekday(day.date), place: day.place }) }, true);
        } catch (err) {
          say({ kind: 'error', text: errorText(err, { market_day_in_use: t('marketDays.inUse') }) }, true);
        }
        list.reload();
      },
    });
  }

  const nameOf = (day: AdminMarketDay) => `${dayWithWeekday(day.date)} · ${day.place}`;
  const capturedOn = (counts: { notes: number; papers: number; dotVotes: number; posters: number }) =>
    [tn('marketDays.notes', counts.notes), tn('marketDays.papers', counts.papers), tn('marketDays.dotVotes', counts.dotVotes), ...(counts.posters ? [tn('marketDays.posters', counts.posters)] : [])].join(' · ');
  const countsOf = (day: AdminMarketDay) => ({ notes: day.noteCount, papers: day.paperCount, dotVotes: day.dotVoteCount, posters: day.posterCount });

  function askMerge(event: Event) {
    event.preventDefault();
    const from = marketDays.find((day) => day.id === merging?.id);
    const into = marketDays.find((day) => day.id === merging?.into);
    if (!from || !into) return;
    setConfirm({
      title: t('marketDays.mergeTitle'),
      body: t('marketDays.mergeBody', { from: nameOf(from), into: nameOf(into), captured: capturedOn(countsOf(from)) }),
      confirmLabel: t('marketDays.mergeConfirm'),
      onConfirm: async () => {
        try {
          const result = await call('POST /api/admin/processes/:slug/market-days/:id/merge', { params: { slug, id: from.id }, body: { into: into.id } });
          setMerging(null);
          say({ kind: 'ok', text: t('marketDays.merged', { from: nameOf(from), into: nameOf(result.marketDay), captured: capturedOn(result.moved) }) }, true);
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) setMerging(null);
          say({ kind: 'error', text: errorText(err, { market_day_boards_differ: t('marketDays.boardsDiffer'), not_found: t('marketDays.mergeGone') }) }, true);
        }
        list.reload();
      },
    });
  }

  const creator = (day: AdminMarketDay) => {
    if (!day.createdBy) return t('marketDays.creatorDeleted');
    const name = day.createdBy.displayName ?? day.createdBy.username;
    const roles: Record<string, string> = ROLE_NAMES();
    return t('marketDays.createdByAccount', { name, role: roles[day.createdBy.role] ?? day.createdBy.role });
  };

  return (
    <Layout title={title} process={process.data.structure.title}>
      <h1>
        {title}: {staffText(process.data.structure.title)}
      </h1>
      <ProcessPicker current={slug} to={(other) => adminPath(other, 'markttage')} />
      <p>{t('marketDays.intro')}</p>

      <div ref={statusRef} tabIndex={-1} class="market-day-status">
        <p role="status" class={status?.kind === 'ok' ? 'notice ok' : 'visually-hidden'}>
          {status?.kind === 'ok' ? status.text : ''}
        </p>
        {status?.kind === 'error' && (
          <p role="alert" class="notice error" id={ERROR_ID}>
            {status.text}
          </p>
        )}
      </div>

      <section class="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{t('marketDays.planHeading')}</h2>
        <form onSubmit={plan} noValidate>
          <MarketDayFields id="new" fields={draft} onChange={setDraft} districts={districts} invalid={draftInvalid} errorFor={status?.kind === 'error' ? status.field : undefined} />
          <div class="actions">
            {/* Not `disabled` while it saves: a disabled button loses the focus, and the keyboard would start over at the page's top. */}
            <button type="submit" class="button" aria-disabled={busy || undefined}>
              {t('marketDays.plan')}
            </button>
          </div>
        </form>
      </section>

      <h2 id="list-heading">{tn('marketDays.listHeading', marketDays.length)}</h2>
      {marketDays.length === 0 ? (
        <p>{t('marketDays.none')}</p>
      ) : (
        <ul class="market-day-list" aria-labelledby="list-heading">
          {marketDays.map((day) => {
            const empty = day.noteCount + day.paperCount + day.dotVoteCount + day.posterCount === 0;
            const headingId = `day-${day.id}`;
            const sameDay = marketDays.filter((other) => other.id !== day.id && other.date === day.date);
            return (
              <li key={day.id} class="card market-day" aria-labelledby={headingId}>
                <h3 id={headingId}>
                  {dayWithWeekday(day.date)} · {day.place}
                </h3>
                {merging?.id === day.id ? (
                  <form onSubmit={askMerge} noValidate aria-label={t('marketDays.mergeLabel', { day: dayWithWeekday(day.date), place: day.place })}>
                    <div class="field">
                      <label for="merge-into">{t('marketDays.mergeInto')}</label>
                      <select id="merge-into" value={merging.into} aria-describedby="merge-hint" onChange={(e) => setMerging({ ...merging, into: e.currentTarget.value })}>
                        {[
                          { label: t('marketDays.sameDay'), days: marketDays.filter((other) => other.id !== day.id && other.date === day.date) },
                          { label: t('marketDays.otherDays'), days: marketDays.filter((other) => other.date !== day.date) },
                        ]
                          .filter((group) => group.days.length > 0)
                          .map((group) => (
                            <optgroup key={group.label} label={group.label}>
                              {group.days.map((other) => (
                                <option key={other.id} value={other.id}>
                                  {nameOf(other)} ({where(other.stadtteil)}; {capturedOn(countsOf(other))})
                                </option>
                              ))}
                            </optgroup>
                          ))}
                      </select>
                    </div>
                    <p class="hint" id="merge-hint">
                      {t('marketDays.mergeHint')}
                    </p>
                    <div class="actions">
                      <button type="submit" class="button">
                        {t('marketDays.mergeSubmit')}
                      </button>
                      <button
                        type="button"
                        class="button secondary"
                        onClick={() => {
                          setMerging(null);
                          requestAnimationFrame(() => document.getElementById(`merge-${day.id}`)?.focus());
                        }}
                      >
                        {t('marketDays.cancel')}
                      </button>
                    </div>
                  </form>
                ) : editing?.id === day.id ? (
                  <form onSubmit={correct} noValidate aria-label={t('marketDays.correctLabel', { day: dayWithWeekday(day.date), place: day.place })}>
                    <MarketDayFields id="edit" fields={editing.fields} onChange={(fields) => setEditing({ ...editing, fields })} districts={districts} invalid={editing.invalid} errorFor={status?.kind === 'error' ? status.field : undefined} />
                    <p class="hint">{t('marketDays.correctHint')}</p>
                    <div class="actions">
                      <button type="submit" class="button" disabled={busy}>
                        {t('marketDays.saveCorrection')}
                      </button>
                      <button
                        type="button"
                        class="button secondary"
                        onClick={() => {
                          setEditing(null);
                          // Back to the button that opened the form, which takes the form's place.
                          requestAnimationFrame(() => document.getElementById(`correct-${day.id}`)?.focus());
                        }}
                      >
                        {t('marketDays.cancel')}
                      </button>
                    </div>
                  </form>
                ) : (
                  <>
                    <dl class="market-day-facts">
                      <div>
                        <dt>{t('marketDays.stadtteil')}</dt>
                        <dd>{where(day.stadtteil)}</dd>
                      </div>
                      <div>
                        <dt>{t('marketDays.captured')}</dt>
                        <dd>
                          {capturedOn(countsOf(day))}
                        </dd>
                      </div>
                      <div>
                        <dt>{t('marketDays.createdBy')}</dt>
                        <dd>{creator(day)}</dd>
                      </div>
                      {day.staff.length > 0 && (
                        <div>
                          <dt>{t('marketDays.staff')}</dt>
                          <dd>{day.staff.join(', ')}</dd>
                        </div>
                      )}
                    </dl>
                    {sameDay.length > 0 && <p class="hint">{t('marketDays.likelyDuplicate', { other: sameDay.map(nameOf).join(', ') })}</p>}
                    <div class="actions">
                      <button
                        id={`correct-${day.id}`}
                        type="button"
                        class="button secondary"
                        aria-describedby={headingId}
                        onClick={() => {
                          setMerging(null);
                          setEditing({ id: day.id, version: day.version, fields: { date: day.date, place: day.place, stadtteil: day.stadtteil }, invalid: [] });
                          requestAnimationFrame(() => document.getElementById('edit-date')?.focus());
                        }}
                      >
                        {t('marketDays.correct')}
                      </button>
                      {marketDays.length > 1 && (
                        <button
                          id={`merge-${day.id}`}
                          type="button"
                          class="button secondary"
                          aria-describedby={headingId}
                          onClick={() => {
                            setEditing(null);
                            setMerging({ id: day.id, into: (sameDay[0] ?? marketDays.find((other) => other.id !== day.id))!.id });
                            requestAnimationFrame(() => document.getElementById('merge-into')?.focus());
                          }}
                        >
                          {t('marketDays.merge')}
                        </button>
                      )}
                      {empty ? (
                        <button type="button" class="button secondary" aria-describedby={headingId} onClick={() => askRemove(day)}>
                          {t('marketDays.remove')}
                        </button>
                      ) : (
                        <p class="hint">{t('marketDays.cannotRemove')}</p>
                      )}
                    </div>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Layout>
  );
}
