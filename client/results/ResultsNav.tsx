/** The working groups' pages of a process: results, Leitziele and measures, and what became of each input. */
const PAGES = [
  { key: 'auswertung', path: '', label: 'Auswertung' },
  { key: 'beteiligung', path: '/beteiligung', label: 'Beteiligung' },
  { key: 'massnahmen', path: '/massnahmen', label: 'Leitziele und Maßnahmen' },
  { key: 'verbleib', path: '/verbleib', label: 'Verbleib der Beiträge' },
] as const;

export function ResultsNav({ slug, current }: { slug: string; current: (typeof PAGES)[number]['key'] }) {
  return (
    <nav class="process-picker results-nav" aria-label="Bereiche der Auswertung">
      <ul>
        {PAGES.map((page) => (
          <li key={page.key}>
            <a href={`/auswertung/p/${slug}${page.path}`} aria-current={page.key === current ? 'page' : undefined}>
              {page.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
