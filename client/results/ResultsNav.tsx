import { t } from './messages.ts';

/** The working groups' pages of a process: results, Leitziele and measures, and what became of each input. */
const PAGES = [
  { key: 'auswertung', path: '', label: 'resultsNav.results' },
  { key: 'beteiligung', path: '/beteiligung', label: 'resultsNav.participation' },
  { key: 'massnahmen', path: '/massnahmen', label: 'resultsNav.measures' },
  { key: 'verbleib', path: '/verbleib', label: 'resultsNav.outcomes' },
] as const;

export function ResultsNav({ slug, current }: { slug: string; current: (typeof PAGES)[number]['key'] }) {
  return (
    <nav class="process-picker results-nav" aria-label={t('resultsNav.areas')}>
      <ul>
        {PAGES.map((page) => (
          <li key={page.key}>
            <a href={`/auswertung/p/${slug}${page.path}`} aria-current={page.key === current ? 'page' : undefined}>
              {t(page.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
