import { fromRoot } from '../../../db/root.ts';
import { readFileSync } from 'node:fs';
import { Feed } from 'feed';
import type { ChangeLog } from '../../../shared/api/measures.ts';
import { fillPlaceholders, flattenCatalog, type FlatCatalog } from '../../../shared/i18n/catalog.ts';
import { TRANSLATION_STATUS } from '../../../shared/i18n/status.ts';
import { fallbackAttributes, htmlLang, LANGUAGES, localize, textDirection, type Language } from '../../../shared/languages.ts';
import { changeMessages, describeChange, type ChangeMessage } from '../../../shared/measure-changes.ts';
import { withoutSoftHyphens } from '../../../shared/text/soft-hyphen.ts';
import type { ProcessRow } from '../processes/processes.repo.ts';

/**
 * The change log as an Atom feed, in one of the nine languages: the words come from the public
 * pages' catalog (`shared/i18n/public/`), the same the measures page shows, so a feed reader and
 * the page say the same thing. Built with `feed` (jpmonette/feed), which writes valid Atom 1.0.
 * As on the page: a language a machine translated says so (the subtitle and every entry, which a
 * reader may show alone), the feed carries its language (`xml:lang`) and each entry's HTML its
 * direction, and a measure's text with no translation is marked German there.
 */
const CATALOGS = Object.fromEntries(
  LANGUAGES.map((language) => [language, flattenCatalog(JSON.parse(readFileSync(fromRoot('shared', 'i18n', 'public', `${language}.json`), 'utf8')))]),
) as Record<Language, FlatCatalog>;

function words(language: Language) {
  // A feed reader lays out its own lines: the catalog's soft hyphens („Handlungs\u00adfeld“) stay out.
  return (key: string, params: Record<string, string | number> = {}) => withoutSoftHyphens(fillPlaceholders(CATALOGS[language][key] ?? CATALOGS.de[key] ?? key, params));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A change log message as HTML: a measure's text that falls back to German is a `<span lang="de" dir="ltr">`. */
function htmlMessage({ key, params }: ChangeMessage, language: Language, t: ReturnType<typeof words>): string {
  const german: string[] = [];
  // Marked texts go in as tokens (keeping a final full stop, which the filling drops before the sentence's own), then become spans.
  const filled = t(
    key,
    Object.fromEntries(
      Object.entries(params).map(([name, value]) => {
        if (typeof value !== 'object') return [name, value];
        const text = localize(value.text, language);
        if (!fallbackAttributes(value.text, language).lang) return [name, text];
        german.push(text.replace(/\.$/, ''));
        return [name, `\uE000${german.length - 1}\uE000${text.endsWith('.') ? '.' : ''}`];
      }),
    ),
  );
  return escapeHtml(filled).replace(/\uE000(\d+)\uE000(\.?)/g, (_, index: string, stop: string) => `<span lang="de" dir="ltr">${escapeHtml(german[Number(index)]!)}${stop}</span>`);
}

/** The feed for a process; `origin` is the address residents reach the site under (`https://…`). */
export function measuresFeed(process: ProcessRow, log: ChangeLog, language: Language, origin: string): string {
  const t = words(language);
  const page = `${origin}/p/${process.slug}/massnahmen${language === 'de' ? '' : `?lang=${language}`}`;
  const self = `${origin}/api/processes/${process.slug}/measures/feed.atom${language === 'de' ? '' : `?lang=${language}`}`;
  const newest = log.changes[0];
  const machine = TRANSLATION_STATUS[language] === 'machine';
  const feed = new Feed({
    id: self,
    title: t('measuresHeading', { process: localize(process.title, language) }),
    description: machine ? `${t('changeLogIntro')} ${t('machine')}` : t('changeLogIntro'),
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
    const htmlLines = changeMessages(change, t).lines.map((line) => `<li>${htmlMessage(line, language, t)}</li>`);
    const link = `${page}#${change.entity === 'measure' ? 'm' : 'g'}-${change.entityId}`;
    feed.addItem({
      id: `${self.split('?')[0]}#change-${change.id}`,
      title: headline,
      link,
      date: new Date(change.at),
      description: machine ? `${lines.join(' · ')} (${t('machineTranslated')})` : lines.join(' · '),
      content: `<div lang="${htmlLang(language)}" dir="${textDirection(language)}"><ul>${htmlLines.join('')}</ul>${machine ? `<p><small>${escapeHtml(t('machine'))}</small></p>` : ''}</div>`,
    });
  }
  return feed.atom1().replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${htmlLang(language)}">`);
}
