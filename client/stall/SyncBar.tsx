import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { JSX } from 'preact';
import type { SyncItem } from '../../shared/api/stall.ts';
import { LANGUAGE_NAMES } from '../../shared/languages.ts';
import { countAnswered } from '../../shared/survey/answers.ts';
import { formatSyncTime, MARKET_DAY_REMOVED, marketDayDate, waitingLabel, type OutboxEntry } from './policy.ts';
import { surveyAvailableOffline } from './paper.ts';
import { storagePersisted, workerError, workerReady } from './pwa.ts';
import { NoteVersions } from './NoteVersions.tsx';
import { adoptWaiting, currentProcess, discardRejected, failedDecisions, moveRejected, notesPath, retryRejected, sendPaperAsOwn, sortedMarketDays, takeOverServerNote } from './state.ts';
import { currentItemId, lastSyncedAt, needsSignIn, nextRetryAt, othersWaiting, pendingEntries, rejectedEntries, storageError, syncIsOverdue, syncPhase, syncProblem } from './sync.ts';
import { t, tn } from './messages.ts';

/** What the server's refusal means, in staff's words; the server's own message is shown beside it. */
const REASONS = (): Record<string, string> => ({
  id_conflict: t('syncBar.theServerAlreadyHas'),
  version_conflict: t('syncBar.theNoteWasChanged'),
  not_editable: t('syncBar.thisEntryCannotBe'),
  forbidden: t('syncBar.anotherAccountCapturedThis'),
  names_masked: t('syncBar.namesInThisNote'),
  unknown_market_day: t('syncBar.theMarketDayIt'),
  unknown_note: t('syncBar.theNoteToBe'),
  unknown_process: t('syncBar.theProcessDoesNot'),
  unknown_stadtteil: t('syncBar.theServerDoesNot'),
  unknown_field_of_action: t('syncBar.theServerDoesNot2'),
  unknown_option: t('syncBar.theServerDoesNot3'),
  validation_failed: t('syncBar.theEntryIsIncomplete'),
  item_failed: t('syncBar.theServerCouldNot'),
  invalid_answers: t('syncBar.answersDoNotFit'),
  response_conflict: t('syncBar.anotherResponseUnderThisId'),
});

/** A market day an admin removed, in words for what staff can still do with the refused entry. */
function removedReason(item: SyncItem): string {
  if (item.type === 'marketDay') return t('syncBar.marketDayRemoved');
  if (item.type === 'dotVote') return t('syncBar.marketDayRemovedDot');
  return t('syncBar.marketDayRemovedMove');
}

/**
 * A note or paper questionnaire whose market day an admin removed goes to another market day of
 * the process that staff choose; sent again unchanged, it would only be refused again.
 */
function MoveToMarketDay({ entry }: { entry: OutboxEntry }) {
  const { item } = entry;
  const from = item.type === 'note' || item.type === 'paperResponse' ? item.marketDayId : undefined;
  const others = sortedMarketDays.value.filter((marketDay) => marketDay.id !== from);
  const [chosen, setChosen] = useState(others[0]?.id ?? '');
  const selectId = `move-${entry.seq}`;
  if (others.length === 0) return <p class="hint">{t('syncBar.noOtherMarketDay')}</p>;
  const target = others.some((marketDay) => marketDay.id === chosen) ? chosen : others[0]!.id;
  return (
    <div class="move-entry">
      <label for={selectId}>{t('syncBar.moveTo')}</label>
      <select id={selectId} value={target} onChange={(event) => setChosen((event.currentTarget as HTMLSelectElement).value)}>
        {others.map((marketDay) => (
          <option key={marketDay.id} value={marketDay.id}>
            {t('syncBar.marketDayOn', { place: marketDay.place, date: marketDayDate(marketDay.date) })}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="button"
        onClick={(event) => {
          focusSyncBar(event);
          void moveRejected(entry.seq, target);
        }}
      >
        {t('syncBar.moveAndSend')}
      </button>
    </div>
  );
}

/** How much of a note's text names it in the list; the whole text is behind „Ganzen Text zeigen“. */
const NOTE_PREVIEW_LENGTH = 60;

function describe({ item, queuedAt }: OutboxEntry): string {
  switch (item.type) {
    case 'marketDay':
      return t('syncBar.marketDayOn', { place: item.place, date: marketDayDate(item.date) });
    case 'note':
      return t('syncBar.note', { value: item.text.length > NOTE_PREVIEW_LENGTH ? `${item.text.slice(0, NOTE_PREVIEW_LENGTH)} …` : item.text });
    case 'dotVote':
      return t('syncBar.dotFor', { value: item.delta > 0 ? '+1' : '−1', option: item.option });
    case 'paperResponse':
      // Named so staff find the sheet in the pile: its language (isolated, so an Arabic name does not turn the line), how many answers, when it was typed.
      return tn('syncBar.paperQuestionnaireNamed', countAnswered(item.response.answers), {
        language: `\u2068${LANGUAGE_NAMES[item.response.language]}\u2069`,
        time: formatSyncTime(queuedAt, new Date()),
      });
  }
}

/** The server's refusal of a paper questionnaire whose id holds another questionnaire there (`submitResponse`). */
const PAPER_ID_TAKEN = 'response_conflict';

/** Refusals of an edit whose note staff may still change: the server's note can be taken into the form to merge by hand. */
const MERGEABLE = new Set(['version_conflict', 'names_masked']);

/** After staff decided about an entry, it leaves the list: the focus goes to the sync bar rather than to the page's start. */
const focusSyncBar = (event: JSX.TargetedMouseEvent<HTMLButtonElement>) => event.currentTarget.closest<HTMLElement>('.sync-bar')?.focus();

/** Where the refused entry `seq` stands in the sync bar: the element that takes the focus (`GoToDecision`), and its summary, which names it. */
const rejectedId = (seq: number) => `rejected-${seq}`;
const rejectedSummaryId = (seq: number) => `rejected-summary-${seq}`;

/**
 * „Zur Entscheidung“ beside a form's „… nicht angenommen“: while staff decide, the sync bar stands
 * in the page above the form (`deciding`), so on a tablet with a long form it has scrolled away.
 * The button brings the refused entry of item `itemId` into view and moves the focus onto it,
 * where a screen reader reads what it is and why it was refused; its choices follow it by Tab.
 */
export function GoToDecision({ itemId }: { itemId: string }) {
  const id = currentItemId(itemId);
  const entry = rejectedEntries.value.find((candidate) => candidate.item.id === id);
  if (!entry) return null;
  return (
    <button
      type="button"
      class="button secondary go-to-decision"
      aria-controls={rejectedId(entry.seq)}
      onClick={() => {
        const target = document.getElementById(rejectedId(entry.seq));
        target?.scrollIntoView({ block: 'start' });
        target?.focus({ preventScroll: true });
      }}
    >
      {t('syncBar.goToDecision')}
    </button>
  );
}

function Rejected({ entry }: { entry: OutboxEntry }) {
  const { route } = useLocation();
  const removed = entry.error?.code === MARKET_DAY_REMOVED;
  const known = removed ? removedReason(entry.item) : entry.error ? REASONS()[entry.error.code] : undefined;
  // A removed market day stays removed: sending the entry unchanged would only be refused again.
  const movable = removed && (entry.item.type === 'note' || entry.item.type === 'paperResponse');
  const reason = known ?? (entry.state === 'conflict' ? t('syncBar.conflictsWithAStored') : t('syncBar.rejectedByTheServer'));
  // The note the server holds, as the refusal recorded it (also offline), beside staff's own edit.
  const compare = entry.item.type === 'note' && entry.current ? { server: entry.current, mine: entry.item } : null;
  const mergeable = compare !== null && MERGEABLE.has(entry.error?.code ?? '');
  // Another questionnaire under its id: sent unchanged it would only be refused again; the sheet in hand is that one, or another.
  const paperTaken = entry.item.type === 'paperResponse' && entry.error?.code === PAPER_ID_TAKEN;
  const choicesId = `rejected-choices-${entry.seq}`;
  const failed = failedDecisions.value.get(entry.seq);
  // A cut note's whole text, to read before giving it up; a refused edit shows it whole beside the server's already.
  const wholeText = entry.item.type === 'note' && !compare && entry.item.text.length > NOTE_PREVIEW_LENGTH ? entry.item.text : null;
  return (
    <li class="rejected" id={rejectedId(entry.seq)} tabIndex={-1} aria-labelledby={rejectedSummaryId(entry.seq)}>
      <p id={rejectedSummaryId(entry.seq)}>
        <strong>{describe(entry)}</strong>: {reason}
      </p>
      {/* The server's own (English) words only where the tablet has none of its own for the refusal. */}
      {entry.error && !known && <p class="hint">{t('syncBar.server', { message: entry.error.message })}</p>}
      {wholeText !== null && (
        <details class="rejected-text">
          <summary>{t('syncBar.showWholeText')}</summary>
          <p class="note-version-text" dir="auto">
            {wholeText}
          </p>
        </details>
      )}
      {compare && <NoteVersions server={compare.server} mine={compare.mine} />}
      {(mergeable || paperTaken) && (
        <p class="hint" id={choicesId}>
          {paperTaken ? t('syncBar.paperChoices') : t('syncBar.choices')}
        </p>
      )}
      {movable && <MoveToMarketDay entry={entry} />}
      {/* Staff gave it up, but the tablet's storage did not: it is still refused, and waits here. */}
      {failed !== undefined && (
        <p class="error-text" role="alert">
          {failed}
        </p>
      )}
      <div class="actions compact">
        {!removed && !paperTaken && (
          <button
            type="button"
            class="button secondary"
            aria-describedby={mergeable ? choicesId : undefined}
            onClick={(event) => {
              focusSyncBar(event);
              void retryRejected(entry.seq);
            }}
          >
            {t('syncBar.sendAgain')}
          </button>
        )}
        {mergeable && (
          <button
            type="button"
            class="button secondary"
            aria-describedby={choicesId}
            onClick={() =>
              void takeOverServerNote(entry.seq).then((group) => {
                if (group) route(notesPath(group));
              })
            }
          >
            {t('syncBar.takeOver')}
          </button>
        )}
        {paperTaken && (
          <button
            type="button"
            class="button secondary"
            aria-describedby={choicesId}
            onClick={(event) => {
              if (!window.confirm(t('syncBar.sendAsOwnConfirm'))) return;
              focusSyncBar(event);
              void sendPaperAsOwn(entry.seq);
            }}
          >
            {t('syncBar.sendAsOwn')}
          </button>
        )}
        <button
          type="button"
          class="button secondary"
          aria-describedby={mergeable || paperTaken ? choicesId : undefined}
          onClick={(event) => {
            if (!window.confirm(t('syncBar.deleteThisEntryFrom'))) return;
            focusSyncBar(event);
            void discardRejected(entry.seq);
          }}
        >
          {t('syncBar.discard')}
        </button>
      </div>
    </li>
  );
}

/**
 * The bar is sticky and its height changes (offline, the storage hint, a sign-in notice): the page
 * keeps its current height as `--sync-bar-block-size`, from which stall.css sets the page's scroll
 * padding, so the form brought up by „Ändern“, a paper question with a problem and a field reached
 * by Tab stop below the bar instead of under it.
 */
function useBarHeight() {
  const bar = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = bar.current;
    if (!element || typeof ResizeObserver !== 'function') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--sync-bar-block-size', `${element.offsetHeight}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--sync-bar-block-size');
    };
  }, []);
  return bar;
}

/** The sync badge ("3 warten auf Senden · zuletzt gesendet 10:42") and everything staff must act on. */
export function SyncBar() {
  const { url } = useLocation();
  const bar = useBarHeight();
  const waiting = pendingEntries.value.length;
  const last = lastSyncedAt.value;
  const now = new Date();
  const phase = syncPhase.value;
  const phaseText =
    phase === 'offline'
      ? t('syncBar.offline')
      : phase === 'retrying' && nextRetryAt.value
        ? t('syncBar.nextAttemptAt', { time: formatSyncTime(new Date(nextRetryAt.value).toISOString(), now) })
        : null;
  // Entries the tablet holds for longer than a moment: offline, waiting for a retry or a sign-in, or overdue.
  const held = phase === 'offline' || phase === 'retrying' || phase === 'signin' || syncIsOverdue.value;
  const rejected = rejectedEntries.value;
  // Everything a market day without network needs is on the tablet: the app, the process and the survey.
  const offlineReady = workerReady.value && currentProcess.value !== null && surveyAvailableOffline.value;
  return (
    // While refused entries wait for a decision, the bar stands in the page at its full height: the
    // two versions of a note and the choices are read and compared there, not in a third of the screen.
    <section ref={bar} class={`sync-bar${rejected.length > 0 ? ' deciding' : ''}`} aria-label={t('syncBar.syncStatus')} tabIndex={-1}>
      {/* Never „Alles gesendet“ while a refused entry waits for staff's decision: the badge counts those too. */}
      <p class={`sync-badge ${waiting > 0 || rejected.length > 0 ? 'waiting' : 'done'}`} role="status" data-testid="sync-badge">
        <span>{waitingLabel(waiting, rejected.length)}</span>
        {/* While a batch is on its way (usually well under a second after a save) its phase stands where the time of the
            last sending stands, so the badge keeps its length and the page below does not move under a finger tapping
            on (the Klebepunkte board: a row moved down by a taller bar took the next tap for the option above it).
            "Alles gesendet · noch nichts gesendet" would contradict itself on a tablet that has captured nothing yet. */}
        {phase === 'sending' ? (
          <span class="sync-phase"> · {t('syncBar.sending')}</span>
        ) : (
          (last || waiting > 0) && <span>{last ? t('syncBar.lastSent', { last: formatSyncTime(last, now) }) : t('syncBar.nothingSentYet')}</span>
        )}
        {phaseText && <span class="sync-phase"> · {phaseText}</span>}
      </p>
      {/* Both sentences hold their place, the one not true invisible: when the tablet became ready offline in the middle of
          tapping, the shorter sentence took a line out of the bar and moved the Klebepunkte board up under the finger. */}
      <p class={`offline-ready ${offlineReady ? 'ready' : ''}`}>
        <span class="offline-ready-yes" aria-hidden={offlineReady ? undefined : 'true'}>
          {t('syncBar.readyOffline')}
        </span>
        <span class="offline-ready-no" aria-hidden={offlineReady ? 'true' : undefined}>
          {t('syncBar.notReadyOfflineYet')}
        </span>
      </p>
      {needsSignIn.value && (
        <div class="notice warn" role="alert">
          <p>{t('syncBar.theSignInHas')}</p>
          <a class="button" href={`/login?next=${encodeURIComponent(url.startsWith('/stand') ? url : '/stand')}`}>
            {t('syncBar.pleaseSignInAgain')}
          </a>
        </div>
      )}
      {[...othersWaiting.value].map(([account, n]) => (
        <div class="notice warn" role="status" key={account}>
          <p>{tn('syncBar.othersWaiting', n, { account })}</p>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              if (window.confirm(t('syncBar.sendTheirsConfirm', { account }))) void adoptWaiting(account);
            }}
          >
            {t('syncBar.sendTheirs')}
          </button>
        </div>
      ))}
      {syncIsOverdue.value && (
        <div class="notice warn" role="alert">
          <p>{t('syncBar.thisTabletHasNot')}</p>
        </div>
      )}
      {storageError.value && (
        <div class="notice error" role="alert">
          <p>{storageError.value}</p>
        </div>
      )}
      {workerError.value && <p class="notice warn">{workerError.value}</p>}
      {/* Not for the moment a save takes to reach the server: a hint that came and went with every tap moved the page. */}
      {storagePersisted.value === false && waiting > 0 && held && (
        <p class="hint">{t('syncBar.theBrowserMayEmpty')}</p>
      )}
      {syncProblem.value && phase !== 'signin' && <p class="hint">{t('syncBar.lastSendingAttempt', { value: syncProblem.value })}</p>}
      {rejected.length > 0 && (
        <div class="notice error" role="alert">
          <p>
            {tn('syncBar.rejected', rejected.length)}</p>
          <ul class="rejected-list">
            {rejected.map((entry) => (
              <Rejected key={entry.seq} entry={entry} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
