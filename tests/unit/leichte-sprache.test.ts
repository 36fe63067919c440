import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenCatalog } from '../../shared/i18n/catalog.ts';

/**
 * The rules of Leichte Sprache that a machine can check in every `de-easy` catalog
 * (shared/i18n/<area>/de-easy.json): no passive, no genitive, no abbreviations, no semicolons,
 * no subordinate clause before a comma, no foreign word where German has a plain one, long
 * compounds with a hyphen. Each failure names the area, the key, the rule and the text.
 * What a reader still has to judge (one statement per sentence, the words themselves) stays with the team.
 */

const ROOT = resolve(import.meta.dirname, '..', '..', 'shared', 'i18n');

const RULES: Record<string, RegExp> = {
  // "wird … gezeigt", "werden geschickt": say who does it ("Wir zeigen …").
  passive: /\b(wird|werden|wurde|wurden)\b(?:\s+[^\s.?!]+){0,5}?\s+(ge\p{L}+(t|en)|\p{L}+iert)\b/iu,
  // "des Markttags", "dieses Verfahrens": "von dem Markt-Tag", "von diesem Verfahren".
  genitive: /\b(des|eines|dieses|jedes)\s+\p{Lu}\p{L}*s\b/u,
  abbreviation: /\b(Infos?|z\.\s?B\.|usw\.|bzw\.|ca\.|d\.\s?h\.|ggf\.|evtl\.)(?=\s|$|[,:;])/u,
  semicolon: /;/,
  // "Erst wenn Sie …, bekommen wir …", "alle, die …": two sentences instead.
  subordinateClause: /\b(wenn|weil|dass|obwohl|damit|sodass|wer|die|der|das)\b[^.?!:]*,/iu,
  foreignWord: /\b(online|Median|Skala)\b/iu,
  // Long compounds a reader takes apart: "Stadt-Teil", "Frage-Bogen", "Reihen-Folge".
  unhyphenatedCompound: /(Stadtteil|Stadtbezirk|Frageb[oö]gen|Markttag|Klebepunkt|Reihenfolge|Rangfolge|Handlungsfeld|Prüfsumme|Integrationskonzept)/u,
};

const areas = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, entry.name, 'de-easy.json')))
  .map((entry) => entry.name);

describe('Leichte Sprache catalogs', () => {
  it('has de-easy catalogs to check', () => {
    expect(areas).toEqual(expect.arrayContaining(['survey', 'default-process', 'public', 'paper']));
  });

  it.each(areas)('%s/de-easy.json keeps the rules a machine can check', (area) => {
    const catalog = flattenCatalog(JSON.parse(readFileSync(join(ROOT, area, 'de-easy.json'), 'utf8')));
    const broken = Object.entries(catalog).flatMap(([key, text]) =>
      Object.entries(RULES)
        // Placeholders ({median}) are names for code, not words a reader sees.
        .filter(([, rule]) => rule.test(text.replace(/\{[^}]*\}/g, '…')))
        .map(([name]) => `${key} (${name}): ${text}`),
    );
    expect(broken).toEqual([]);
  });
});
