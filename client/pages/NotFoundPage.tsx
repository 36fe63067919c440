import { t } from './messages.ts';
import { PublicLayout } from './PublicLayout.tsx';

export function NotFoundPage() {
  return (
    <PublicLayout title={t('notFoundTitle')}>
      <h1>{t('notFoundTitle')}</h1>
      <p>
        {t('notFoundText')} <a href="/">{t('toStart')}</a>
      </p>
    </PublicLayout>
  );
}
