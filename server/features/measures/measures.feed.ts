import { fromRoot } from '../../../db/root.ts';
import { readFileSync } from 'node:fs';
import { Feed } from 'feed';
import type { ChangeLog } from '../../../shared/api/measures.ts';
import { fillPlaceholders, flattenCatalog, type FlatCatalog } from '../../../shared/i18n/catalog.ts';
import { LANGUAGES, localize, type Language } from '../../../shared/languages.ts';
import { describeChange } from '../../../shared/measure-changes.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';

/**
 * The change log as an Atom feed, in one of the nine languages: the words come from the public
 * pages' catalog (`shared/i18n/public/`), the same the measures page shows, so a feed reader and
 * the page say the same thing. Built with `feed` (jpmonette/feed), which writes valid Atom 1.0.
 */
const CATALOGS = Object.fromEntries(
  LANGUAGES.map((language) => [language, flattenCatalog(JSON.parse(readFileSync(fromRoot('shared', 'i18n', 'public', `${language}.json`), 'utf8')))]),
) as Record<Language, FlatCatalog>;

function words(language: Language) {
  return (key: string, params: Record<string, string | number> = {}) => fillPlaceholders(CATALOGS[language][key] ?? CATALOGS.de[key] ?? key, params);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The feed for a process; `origin` is the address residents reach the site under (`https://…`). */
export function measuresFeed(process: ProcessRow, log: ChangeLog, language: Language, origin: string): string {
  const t = words(language);
  const page = `${origin}/p/${process.slug}/massnahmen${language === 'de' ? '' : `?lang=${language}`}`;
  const self = `${origin}/api/processes/${process.slug}/measures/feed.atom${language === 'de' ? '' : `?lang=${language}`}`;
  const newest = log.changes[0];
  const feed = new Feed({
    id: self,
    title: t('measuresHeading', { process: localize(process.title, language) }),
    description: t('changeLogIntro'),
    link: page,
    language,
    updated: newest ? new Date(newest.at) : new Date(process.createdAt),
    feedLinks: { atom: self },
    author: { name: t('feedAuthor'), link: origin },
    copyright: localize(process.city, language),
    generator: 'Mitreden',
  });
  for (const change of log.changes) {
    const { headline, lines } = describeChange(change, language, t);
    const link = `${page}#${change.entity === 'measure' ? 'm' : 'g'}-${change.entityId}`;
    feed.addItem({
      id: `${self.split('?')[0]}#change-${change.id}`,
      title: headline,
      link,
      date: new Date(change.at),
      description: lines.join(' · '),
      content: `<ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    });
  }
  return feed.atom1();
}
