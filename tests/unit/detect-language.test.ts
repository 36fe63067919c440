import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultContext } from '../../scripts/bench/suggest.ts';
import { detectLanguage, suggest } from '../../shared/suggest/index.ts';

const fixture = (name: string) => (JSON.parse(readFileSync(new URL(`../fixtures/suggest/${name}.json`, import.meta.url), 'utf8')) as Array<{ text: string; fields: string[] }>).map((entry) => entry.text);

describe('language detection for texts without a language', () => {
  it.each([
    ['ar', 'ar', 1],
    ['ru', 'ru', 0.9],
    ['uk', 'uk', 0.9],
    ['tr', 'tr', 0.9],
    ['pl', 'pl', 0.85],
    ['it', 'it', 0.85],
    ['en', 'en', 0.85],
  ] as const)('tells %s residents’ texts (%s) apart, at least a share of %s right', (name, language, share) => {
    const texts = fixture(name);
    const right = texts.filter((text) => detectLanguage(text) === language).length;
    expect(right / texts.length).toBeGreaterThanOrEqual(share);
  });

  it('never takes a German text for another language', () => {
    const texts = [...fixture('de'), ...fixture('de-easy'), 'Skatepark für Moitzfeld!!!', 'Mehr Sprachkurse am Abend im Bürgerhaus'];
    const other = texts.filter((text) => ![null, 'de'].includes(detectLanguage(text)));
    expect(other).toEqual([]);
  });

  it('says nothing about a text without letters', () => {
    expect(detectLanguage('!!! 123')).toBeNull();
  });

  it('gives an Arabic, Turkish, Ukrainian or Russian note field suggestions without a conversation language', () => {
    const context = defaultContext();
    for (const text of ['أبحث عن عمل منذ سنتين ولا أجد شيئاً', 'Oğlum iki yıldır çıraklık yeri arıyor ama bulamıyor.', 'Шукаю роботу вже два роки', 'Я ищу работу уже два года']) {
      const language = detectLanguage(text);
      expect(language).not.toBeNull();
      expect(suggest({ text, language: language! }, context).fieldsOfAction[0]?.key, text).toBe('arbeit');
    }
  });
});
