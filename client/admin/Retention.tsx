import { useState } from 'preact/hooks';
import type { RetentionPreview } from '../../shared/api/lifecycle.ts';
import { api, ApiError } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { CHANNEL_LABELS, KIND_LABELS } from '../ui/labels.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';

const day = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' });
const formatDay = (value: string) => day.format(new Date(`${value}T00:00:00Z`));

/**
 * The retention deletion of one process: first the dry run — what would be deleted, per channel
 * and kind — then, on request and after a confirmation, the deletion itself (audited). After the
 * retention date the server deletes on its own every hour; this is for seeing it, or deleting early.
 */
export function RetentionSection({ slug }: { slug: string }) {
  const preview = useApi<RetentionPreview>(`/api/admin/processes/${encodeURIComponent(slug)}/retention`);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const data = preview.data;

  async function purge(expectedTotal: number) {
    setMessage(null);
    try {
      const result = await api<{ purged: number }>(`/api/admin/processes/${encodeURIComponent(slug)}/retention`, { method: 'POST', body: { expectedTotal } });
      setMessage({ kind: 'ok', text: `Gelöscht: die Originale von ${result.purged} Beiträgen. Es bleiben die maskierten Texte.` });
    } catch (err) {
      setMessage({
        kind: 'error',
        text:
          err instanceof ApiError && err.code === 'retention_changed'
            ? 'Seit dem Probelauf sind Beiträge dazugekommen oder geändert worden. Nichts wurde gelöscht; bitte prüfen Sie die neuen Zahlen.'
            : 'Das Löschen hat nicht geklappt; nichts wurde gelöscht. Bitte versuchen Sie es noch einmal.',
      });
    }
    preview.reload();
  }

  return (
    <section class="card" aria-labelledby="retention-title">
      <h2 id="retention-title">Löschung der Originaltexte</h2>
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      {preview.loading && !data && <Loading />}
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      {data && (
        <>
          <p>
            {data.retentionUntil
              ? data.due
                ? `Die Löschfrist (${formatDay(data.retentionUntil)}) ist abgelaufen: der Server löscht die Originale stündlich von selbst.`
                : `Die Originale werden nach dem ${formatDay(data.retentionUntil)} gelöscht.`
              : 'Für dieses Verfahren ist keine Löschfrist gesetzt.'}{' '}
            Gelöscht werden die ungekürzten Originaltexte und die Listen von Hand geschwärzter Namen; die maskierten Texte, Zuordnungen und Zahlen bleiben.
          </p>
          {data.total === 0 ? (
            <p>Probelauf: Es gibt nichts zu löschen.</p>
          ) : (
            <>
              <ScrollArea labelledBy="retention-caption">
                <table>
                  <caption id="retention-caption">Probelauf: Das würde jetzt gelöscht ({data.total} Beiträge)</caption>
                  <thead>
                    <tr>
                      <th scope="col">Kanal</th>
                      <th scope="col">Art</th>
                      <th scope="col" class="num">Originaltexte</th>
                      <th scope="col" class="num">Geschwärzte Namen</th>
                      <th scope="col" class="num">Beiträge</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.counts.map((row) => (
                      <tr key={`${row.channel}-${row.kind ?? ''}`}>
                        <th scope="row">{CHANNEL_LABELS[row.channel]}</th>
                        <td>{row.kind ? KIND_LABELS[row.kind] : '–'}</td>
                        <td class="num">{row.originals}</td>
                        <td class="num">{row.maskedNameLists}</td>
                        <td class="num">{row.contributions}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollArea>
              <div class="actions">
                <button
                  type="button"
                  class="button danger"
                  onClick={() =>
                    setConfirm({
                      title: 'Originaltexte jetzt löschen?',
                      body: `Die Originale von ${data.total} Beiträgen werden endgültig durch ihre maskierten Texte ersetzt${data.due ? '' : ', schon vor der Löschfrist'}. Das lässt sich nicht rückgängig machen und wird protokolliert.`,
                      confirmLabel: 'Endgültig löschen',
                      onConfirm: () => purge(data.total),
                    })
                  }
                >
                  Jetzt löschen
                </button>
              </div>
            </>
          )}
        </>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </section>
  );
}
