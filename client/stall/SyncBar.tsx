import { useLocation } from 'preact-iso';
import type { SyncItem } from '../../shared/api/stall.ts';
import { formatSyncTime, waitingLabel, type OutboxEntry } from './policy.ts';
import { surveyAvailableOffline } from './paper.ts';
import { storagePersisted, workerError, workerReady } from './pwa.ts';
import { currentProcess, discardRejected, retryRejected } from './state.ts';
import { lastSyncedAt, needsSignIn, nextRetryAt, pendingEntries, rejectedEntries, storageError, syncIsOverdue, syncPhase, syncProblem } from './sync.ts';

/** What the server's refusal means, in staff's words; the server's own message is shown beside it. */
const REASONS: Record<string, string> = {
  id_conflict: 'Unter dieser Kennung hat der Server schon etwas anderes. Er behält seine Fassung.',
  version_conflict: 'Die Notiz wurde inzwischen anderswo geändert. Der Server behält seine Fassung.',
  not_editable: 'Dieser Eintrag kann vom Tablet aus nicht geändert werden.',
  forbidden: 'Diese Notiz hat ein anderes Konto aufgenommen. Ändern dürfen sie nur dieses Konto und Admins.',
  names_masked: 'In dieser Notiz wurden Namen von Hand unkenntlich gemacht; ihr Text lässt sich nicht mehr vom Tablet ändern.',
  unknown_market_day: 'Der zugehörige Markttag fehlt auf dem Server.',
  unknown_note: 'Die Notiz, die geändert werden soll, fehlt auf dem Server.',
  unknown_process: 'Das Verfahren gibt es auf dem Server nicht (mehr).',
  unknown_stadtteil: 'Den Stadtteil kennt der Server nicht.',
  unknown_field_of_action: 'Ein Handlungsfeld kennt der Server nicht.',
  unknown_option: 'Diese Klebepunkt-Spalte kennt der Server nicht.',
  validation_failed: 'Der Eintrag ist unvollständig oder ungültig.',
  item_failed: 'Der Server konnte den Eintrag nicht speichern.',
};

function describe(item: SyncItem): string {
  switch (item.type) {
    case 'marketDay':
      return `Markttag „${item.place}“ am ${item.date}`;
    case 'note':
      return `Notiz „${item.text.length > 60 ? `${item.text.slice(0, 60)} …` : item.text}“`;
    case 'dotVote':
      return `Klebepunkt ${item.delta > 0 ? '+1' : '−1'} für ${item.option}`;
    case 'paperResponse':
      return 'Papierfragebogen';
  }
}

function Rejected({ entry }: { entry: OutboxEntry }) {
  const reason = (entry.error && REASONS[entry.error.code]) ?? (entry.state === 'conflict' ? 'Widerspruch zu einem gespeicherten Eintrag.' : 'Vom Server abgelehnt.');
  return (
    <li class="rejected">
      <p>
        <strong>{describe(entry.item)}</strong>: {reason}
      </p>
      {entry.error && <p class="hint">Server: {entry.error.message}</p>}
      <div class="actions compact">
        <button type="button" class="button secondary" onClick={() => void retryRejected(entry.seq)}>
          Erneut senden
        </button>
        <button
          type="button"
          class="button secondary"
          onClick={() => {
            if (window.confirm('Diesen Eintrag vom Tablet löschen? Er wird dann nicht mehr gesendet.')) void discardRejected(entry.seq);
          }}
        >
          Verwerfen
        </button>
      </div>
    </li>
  );
}

/** The sync badge ("3 warten auf Senden · zuletzt gesendet 10:42") and everything staff must act on. */
export function SyncBar() {
  const { url } = useLocation();
  const waiting = pendingEntries.value.length;
  const last = lastSyncedAt.value;
  const now = new Date();
  const phase = syncPhase.value;
  const phaseText =
    phase === 'offline'
      ? 'Offline'
      : phase === 'sending'
        ? 'Wird gesendet …'
        : phase === 'retrying' && nextRetryAt.value
          ? `Neuer Versuch um ${formatSyncTime(new Date(nextRetryAt.value).toISOString(), now)}`
          : null;
  const rejected = rejectedEntries.value;
  // Everything a market day without network needs is on the tablet: the app, the process and the survey.
  const offlineReady = workerReady.value && currentProcess.value !== null && surveyAvailableOffline.value;
  return (
    <section class="sync-bar" aria-label="Sendestatus">
      <p class={`sync-badge ${waiting > 0 ? 'waiting' : 'done'}`} role="status" data-testid="sync-badge">
        <span>{waitingLabel(waiting)}</span>
        {/* "Alles gesendet · noch nichts gesendet" would contradict itself on a tablet that has captured nothing yet. */}
        {(last || waiting > 0) && <span>{last ? ` · zuletzt gesendet ${formatSyncTime(last, now)}` : ' · noch nichts gesendet'}</span>}
        {phaseText && <span class="sync-phase"> · {phaseText}</span>}
      </p>
      <p class={`offline-ready ${offlineReady ? 'ready' : ''}`}>
        {offlineReady ? 'Offline bereit' : 'Noch nicht offline bereit – bitte mit Verbindung geöffnet lassen'}
      </p>
      {needsSignIn.value && (
        <div class="notice warn" role="alert">
          <p>Die Anmeldung ist abgelaufen. Alles Erfasste bleibt auf dem Tablet und wird nach dem Anmelden gesendet.</p>
          <a class="button" href={`/login?next=${encodeURIComponent(url.startsWith('/stand') ? url : '/stand')}`}>
            Bitte neu anmelden
          </a>
        </div>
      )}
      {syncIsOverdue.value && (
        <div class="notice warn" role="alert">
          <p>Dieses Tablet hat seit mehr als zwei Tagen nichts gesendet. Bitte bald mit dem Netz verbinden, damit nichts verloren geht.</p>
        </div>
      )}
      {storageError.value && (
        <div class="notice error" role="alert">
          <p>{storageError.value}</p>
        </div>
      )}
      {workerError.value && <p class="notice warn">{workerError.value}</p>}
      {storagePersisted.value === false && waiting > 0 && (
        <p class="hint">Der Browser darf den Speicher bei Platzmangel leeren. Tipp: den Marktstand als App installieren und regelmäßig senden.</p>
      )}
      {syncProblem.value && phase !== 'signin' && <p class="hint">Letzter Sendeversuch: {syncProblem.value}</p>}
      {rejected.length > 0 && (
        <div class="notice error" role="alert">
          <p>
            {rejected.length === 1 ? '1 Eintrag wurde' : `${rejected.length} Einträge wurden`} nicht angenommen und bleiben auf dem Tablet, bis Sie entscheiden:
          </p>
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
