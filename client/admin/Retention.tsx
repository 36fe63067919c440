import { useRef, useState } from 'preact/hooks';
import { ApiError, call } from '../api.ts';
import { ConfirmDialog, type ConfirmRequest } from '../ui/ConfirmDialog.tsx';
import { channelLabel, kindLabel } from '../ui/labels.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { useApi } from '../ui/useApi.ts';
import { t, tn } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';

const day = () => (new Intl.DateTimeFormat(staffLocale(), { dateStyle: 'long', timeZone: 'UTC' }));
const formatDay = (value: string) => day().format(new Date(`${value}T00:00:00Z`));

/**
 * The question before a save that moves a process's retention date into the past: the server then
 * deletes the originals within the hour, for good, without the dry run's „Jetzt löschen“. Null when
 * the save deletes nothing sooner (no date, a date to come, one already past, nothing to delete).
 */
export async function pastRetentionQuestion(slug: string, saved: string | null, next: string | null): Promise<Omit<ConfirmRequest, 'onConfirm'> | null> {
  if (next === null || next === saved) return null;
  const preview = await call('GET /api/admin/processes/:slug/retention', { params: { slug } });
  if (next >= preview.today || (saved !== null && saved < preview.today) || preview.total === 0) return null;
  return {
    title: t('retention.retentionDateHasPassed'),
    body: tn('retention.confirmPastDate', preview.total, { retentionUntil: formatDay(next) }),
    confirmLabel: t('retention.saveAndDelete'),
  };
}

/**
 * The retention deletion of one process: first the dry run — what would be deleted, per channel
 * and kind — then, on request and after a confirmation, the deletion itself (audited). After the
 * retention date the server deletes on its own every hour; this is for seeing it, or deleting early.
 */
export function RetentionSection({ slug }: { slug: string }) {
  const preview = useApi('GET /api/admin/processes/:slug/retention', { params: { slug } });
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const data = preview.data;
  const heading = useRef<HTMLHeadingElement>(null);

  async function purge(expectedTotal: number) {
    setMessage(null);
    try {
      const result = await call('POST /api/admin/processes/:slug/retention', { params: { slug }, body: { expectedTotal } });
      setMessage({ kind: 'ok', text: tn('retention.deletedTheOriginalsOf', result.purged) });
      // The button that was pressed goes with the dry run's table: the keyboard stays in this section, at its heading.
      heading.current?.focus();
    } catch (err) {
      setMessage({
        kind: 'error',
        text:
          err instanceof ApiError && err.code === 'retention_changed'
            ? t('retention.contributionsWereAddedOr')
            : t('retention.deletingDidNotWork'),
      });
    }
    preview.reload();
  }

  return (
    <section class="card" aria-labelledby="retention-title">
      <h2 id="retention-title" ref={heading} tabIndex={-1}>{t('retention.deletionOfTheOriginal')}</h2>
      <div aria-live="polite">{message && <p class={`notice ${message.kind}`}>{message.text}</p>}</div>
      {preview.loading && !data && <Loading />}
      {preview.error ? <ErrorNotice error={preview.error} /> : null}
      {data && (
        <>
          <p>
            {data.retentionUntil
              ? data.due
                ? t('retention.theRetentionPeriodHas', { retentionUntil: formatDay(data.retentionUntil) })
                : t('retention.theOriginalsAreDeleted', { retentionUntil: formatDay(data.retentionUntil) })
              : t('retention.noRetentionPeriodIs')}{' '}
            {t('retention.deletedAreTheFull')}
          </p>
          {data.total === 0 ? (
            <p>{t('retention.dryRunThereIs')}</p>
          ) : (
            <>
              <ScrollArea labelledBy="retention-caption">
                <table>
                  <caption id="retention-caption">{tn('retention.dryRunThisWould', data.total)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('retention.channel')}</th>
                      <th scope="col">{t('retention.kind')}</th>
                      <th scope="col" class="num">{t('retention.originalTexts')}</th>
                      <th scope="col" class="num">{t('retention.redactedNames')}</th>
                      <th scope="col" class="num">{t('retention.contributions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.counts.map((row) => (
                      <tr key={`${row.channel}-${row.kind ?? ''}`}>
                        <th scope="row">{channelLabel(row.channel)}</th>
                        <td>{row.kind ? kindLabel(row.kind) : '–'}</td>
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
                      title: t('retention.deleteOriginalTextsNow'),
                      body: data.due ? tn('retention.confirmPurge', data.total) : tn('retention.confirmPurgeEarly', data.total),
                      confirmLabel: t('retention.deleteForGood'),
                      onConfirm: () => purge(data.total),
                    })
                  }
                >
                  {t('retention.deleteNow')}
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
