import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../shared/languages.ts';
import { call } from '../api.ts';
import { formatDay, t } from './messages.ts';

/**
 * The thank-you page's promise kept: a link to the released results, or when they will come —
 * after the survey closes on its last day, or once the answers are evaluated. Offline or while
 * it loads, the link alone (the results page says the rest).
 */
export function ResultsNotice({ slug, language }: { slug: string; language: Language }) {
  const [notice, setNotice] = useState<{ released: number; closesOn: string | null } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    call('GET /api/processes/:slug/results-notice', { params: { slug }, signal: controller.signal }).then(setNotice, () => undefined);
    return () => controller.abort();
  }, [slug]);
  const text = !notice ? null : notice.released > 0 ? t('resultsReleased') : notice.closesOn ? t('resultsAfter', { date: formatDay(notice.closesOn, language) }) : t('resultsLater');
  return (
    <>
      {text && <p>{text}</p>}
      <p>
        <a class="button secondary" href={`/p/${encodeURIComponent(slug)}/ergebnisse?lang=${language}`}>
          {t('toResults')}
        </a>
      </p>
    </>
  );
}
