import type { ResponseFlag } from '../../shared/api/survey.ts';
import { MIN_FILL_TIME_FLOOR_MS, MIN_FILL_TIME_PER_ANSWER_MS } from '../../shared/survey/fill-time.ts';
import { ErrorNotice, Loading } from '../ui/Layout.tsx';
import { useApi } from '../ui/useApi.ts';
import { t } from './messages.ts';
import { staffLocale } from '../i18n/staff.ts';

const seconds = (ms: number) => (ms / 1000).toLocaleString(staffLocale());

/** What each soft check of the online survey looks at, in words an admin can act on; typed by the flags, so a new check needs its words here. */
export const CHECK_LABELS = (): Record<ResponseFlag, string> => ({
  honeypot: t('responseChecks.hiddenFieldFilledIn'),
  too_fast: t('responseChecks.filledInTooFast', { minFillTimePerAnswerMs: seconds(MIN_FILL_TIME_PER_ANSWER_MS), minFillTimeFloorMs: seconds(MIN_FILL_TIME_FLOOR_MS) }),
  pow_missing: t('responseChecks.sentWithoutTheArithmetic'),
  pow_invalid: t('responseChecks.arithmeticTaskSolvedWrongly'),
  pow_reused: t('responseChecks.arithmeticTaskUsedA'),
});

/**
 * How many online questionnaires each anti-abuse check flagged. Flagged ones are kept but left
 * out of every count, so an admin can see when a check catches real residents.
 */
export function ResponseChecks({ slug }: { slug: string }) {
  const counts = useApi('GET /api/admin/processes/:slug/responses/flagged-count', { params: { slug } });
  return (
    <section aria-labelledby="response-checks">
      <h2 id="response-checks">{t('responseChecks.checksOfTheResponses')}</h2>
      {counts.loading && <Loading />}
      {counts.error ? <ErrorNotice error={counts.error} /> : null}
      {counts.data && (
        <>
          <p>
            {t('responseChecks.flaggedOf', { flagged: counts.data.flagged.toLocaleString(staffLocale()), total: counts.data.total.toLocaleString(staffLocale()) })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('responseChecks.check')}</th>
                <th scope="col">{t('responseChecks.flaggedResponses')}</th>
              </tr>
            </thead>
            <tbody>
              {(Object.keys(CHECK_LABELS()) as ResponseFlag[]).map((flag) => (
                <tr key={flag}>
                  <th scope="row">{CHECK_LABELS()[flag]}</th>
                  <td>{(counts.data?.byFlag[flag] ?? 0).toLocaleString(staffLocale())}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
