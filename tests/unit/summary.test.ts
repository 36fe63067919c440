import { describe, expect, it } from 'vitest';
import type { ChoiceResult, Figure, NumberResult, RankingResult, ScaleResult, Statistic } from '../../shared/api/question-results.ts';
import { readFileSync } from 'node:fs';
import { fillPlaceholders } from '../../shared/i18n/catalog.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { byPoints, choiceBase, crosstabBases, crosstabShares, sampleText, scaleBase, scaleChosen, summarize as summarizeWithNbsp, withheldStatisticText, type ResultWords } from '../../shared/results/summary.ts';

/** The sentence with its no-break spaces ("50 %") as plain ones, to compare. */
const summarize = (result: Parameters<typeof summarizeWithNbsp>[0]) => summarizeWithNbsp(result).replace(/\u00a0/g, ' ');

const n = (count: number): Figure => ({ count, suppressed: false });
const small: Figure = { count: null, suppressed: true, reason: 'below_threshold' };
const hidden: Figure = { count: null, suppressed: true, reason: 'secondary' };
const stat = (value: number): Statistic => ({ value, suppressed: false });
const noStat: Statistic = { value: null, suppressed: true, reason: 'below_threshold' };
const hiddenStat: Statistic = { value: null, suppressed: true, reason: 'secondary' };
const base = { title: 'Wie gut finden Sie Arbeit?', fieldOfAction: 'arbeit', sensitive: false, versions: [1] };

const scale = (counts: Figure[], extra: Partial<ScaleResult> = {}): ScaleResult => ({
  ...base,
  key: 'work-situation',
  type: 'scale',
  min: 1,
  max: 5,
  minLabel: 'sehr schlecht',
  maxLabel: 'sehr gut',
  steps: counts.map((count, index) => ({ value: index + 1, count })),
  noAnswer: n(7),
  median: stat(4),
  shown: n(110),
  answered: n(107),
  leftOut: n(3),
  ...extra,
});

describe('summarize: scales', () => {
  it('names the shares at both ends of the answers on the scale, "keine Angabe" apart, and the median', () => {
    const result = scale([n(10), n(10), n(20), n(30), n(30)]);
    expect(scaleBase(result)).toBe(100);
    expect(summarize(result)).toBe(
      '60 % der 100 Befragten mit einer Stufe wählten 4 oder 5 (Richtung „sehr gut“), 20 % 1 oder 2 (Richtung „sehr schlecht“); die mittlere Antwort (Median) ist 4; 7 machten keine Angabe.',
    );
  });

  // A withheld step withholds the median too ("verdeckt", figures.ts): it would give the step away.
  it('with a withheld step names its base from the answers minus "keine Angabe" and says the median is withheld, not that there are too few', () => {
    const result = scale([small, hidden, n(20), n(30), n(30)], { answered: n(97), median: hiddenStat });
    expect(scaleBase(result)).toBe(90);
    expect(summarize(result)).toBe(
      '90 Befragte wählten eine Stufe auf der Skala von 1 („sehr schlecht“) bis 5 („sehr gut“); die mittlere Antwort (Median) ist verdeckt, damit niemand erkennbar wird; 7 machten keine Angabe.',
    );
    expect(summarize(result)).not.toMatch(/\b[1-4]\b Befragte/);
  });

  it('says the numbers and the median are withheld when "keine Angabe" is withheld too, so the base of the shares is not known', () => {
    const result = scale([small, hidden, n(20), n(30), n(30)], { answered: n(97), noAnswer: hidden, median: hiddenStat });
    expect(scaleBase(result)).toBeNull();
    expect(summarize(result)).toBe('Einzelne Zahlen und die mittlere Antwort (Median) sind verdeckt, damit niemand erkennbar wird.');
  });

  it('keeps the shares at both ends beside a withheld median', () => {
    const result = scale([n(10), n(10), small, hidden, n(10), n(30), n(30)], { max: 7, median: hiddenStat });
    expect(summarize(result)).toBe(
      '60 % der 100 Befragten mit einer Stufe wählten 6 oder 7 (Richtung „sehr gut“), 20 % 1 oder 2 (Richtung „sehr schlecht“); die mittlere Antwort (Median) ist verdeckt, damit niemand erkennbar wird; 7 machten keine Angabe.',
    );
  });

  it('names as the base of its shares those who chose a step, the figure the header puts beside "mit Antwort" and "keine Angabe"', () => {
    const result = scale([n(10), n(10), n(20), n(30), n(30)]);
    expect(scaleChosen(result)).toEqual(n(100));
    expect(summarize(result)).toContain(`der ${scaleChosen(result).count} Befragten mit einer Stufe`);
    expect(scaleChosen(scale([small, hidden, n(20), n(30), n(30)], { answered: n(97) }))).toEqual(n(90));
  });

  it('withholds those who chose a step where the published figures do not give them: "< 5" as the median does when they are few, else "verdeckt"', () => {
    expect(scaleChosen(scale([small, hidden, n(20), n(30), n(30)], { answered: n(97), noAnswer: hidden }))).toEqual(hidden);
    expect(scaleChosen(scale([small, small, small, small, small], { answered: n(40), noAnswer: hidden, median: noStat }))).toEqual(small);
  });

  it('names in its header both bases the sentence rests on, and neither where it is withheld', () => {
    expect(sampleText(scale([n(10), n(10), n(20), n(30), n(30)]), 5)).toBe('110 Personen gefragt · 107 mit Antwort: 100 mit einer Stufe, 7 mit „keine Angabe“ · 3 ausgelassen');
    // "keine Angabe" under the threshold: "< 5", and those with a step "verdeckt", since 97 − them would give it away.
    const few = scale([small, hidden, n(20), n(30), n(30)], { answered: n(97), noAnswer: small, leftOut: hidden, shown: n(110) });
    // A withheld figure stands after its label, so "verdeckt" never reads as an adjective of the answers.
    expect(sampleText(few, 5)).toBe('Gefragt: 110 · mit Antwort: 97, davon mit einer Stufe: verdeckt, mit „keine Angabe“: < 5 · ausgelassen: verdeckt');
    expect(sampleText(scale([n(10), n(10), n(20), n(30), n(30)], { noAnswer: null, answered: hidden, leftOut: small }), 5)).toBe('Gefragt: 110 · mit Antwort: verdeckt · ausgelassen: < 5');
    // A scale without "keine Angabe" keeps the plain header, its answers all being steps.
    expect(sampleText(scale([n(10), n(10), n(20), n(30), n(30)], { noAnswer: null, answered: n(100), leftOut: n(10) }), 5)).toBe('110 Personen gefragt · 100 mit Antwort · 10 ausgelassen');
  });

  // In every language in words, asked first, as Leichte Sprache always said it, not as a statistician's „n = 107 …“.
  it.each(LANGUAGES)('says in %s in plain words how many were asked, answered and left the question out, each count once', (language) => {
    const catalog: Record<string, string> = JSON.parse(readFileSync(new URL(`../../shared/i18n/public/${language}.json`, import.meta.url), 'utf8'));
    const words: ResultWords = { text: (key, params) => fillPlaceholders(catalog[key]!, params ?? {}), plural: () => '', locale: language };
    for (const result of [scale([n(10), n(10), n(20), n(30), n(30)], { shown: n(400), answered: n(338), leftOut: n(62), noAnswer: n(8) }), scale([n(10), n(10), n(20), n(30), n(30)], { shown: n(400), answered: n(338), leftOut: n(62), noAnswer: null })]) {
      const line = sampleText(result, 5, words);
      expect(line).not.toMatch(/\bn\s*=/);
      expect(line.indexOf('400')).toBeGreaterThanOrEqual(0);
      expect(line.indexOf('400')).toBeLessThan(line.indexOf('338'));
      expect(line.indexOf('338')).toBeLessThan(line.indexOf('62'));
      for (const count of ['400', '338', '62']) expect(line.split(count).length - 1, `${language}: ${line}`).toBe(1);
    }
    // Withheld, each figure follows its label after a colon: „mit Antwort: verdeckt“, not „verdeckt mit Antwort“.
    for (const result of [scale([n(10), n(10), n(20), n(30), n(30)], { shown: n(400), answered: hidden, leftOut: small, noAnswer: hidden }), scale([n(10), n(10), n(20), n(30), n(30)], { shown: n(400), answered: hidden, leftOut: small, noAnswer: null })]) {
      const line = sampleText(result, 5, words);
      for (const figure of [catalog.resSecondary!, fillPlaceholders(catalog.resBelow!, { threshold: 5 })]) {
        const parts = line.split(figure);
        expect(parts.length, `${language}: ${line}`).toBeGreaterThan(1);
        for (const before of parts.slice(0, -1)) expect(before, `${language}: ${line}`).toMatch(/:\s$/);
      }
    }
  });

  it('says there are too few answers when the median is withheld', () => {
    expect(summarize(scale([small, small, small, small, small], { median: noStat, noAnswer: null, answered: small, shown: small, leftOut: small }))).toBe(
      'Zu wenige Antworten, um die Verteilung oder einen Median zu nennen.',
    );
  });
});

const choice = (type: ChoiceResult['type'], counts: Figure[], extra: Partial<ChoiceResult> = {}): ChoiceResult => ({
  ...base,
  key: 'work-support',
  type,
  options: counts.map((count, index) => ({ key: `o${index}`, label: `Option ${index + 1}`, other: false, count })),
  shown: n(80),
  answered: n(60),
  leftOut: n(20),
  ...extra,
});

describe('summarize: choices', () => {
  it('takes a multiple choice share of everybody who was asked, and says how many left it out', () => {
    const result = choice('multi', [n(40), n(12), small, small]);
    expect(choiceBase(result)).toBe(80);
    expect(summarize(result)).toBe('Am häufigsten wurde „Option 1“ gewählt: von 50 % der 80 Befragten, denen die Frage gestellt wurde; 20 ließen sie aus.');
  });

  it('takes a single choice share of those who answered and names a tie', () => {
    expect(summarize(choice('single', [n(30), n(30)]))).toBe('Am häufigsten wurden „Option 1“ und „Option 2“ gewählt: von 50 % der 60 Befragten mit Antwort; 20 ließen die Frage aus.');
  });

  // A count withheld for another's sake is at least 5 and may be the largest (a multiple choice nearly all chose, a Stadtteil beside a small one).
  it('names no answer as the most chosen while one withheld for another count\'s sake may be larger', () => {
    const withheld = 'Welche Antwort am häufigsten gewählt wurde, lässt sich nicht sagen: einzelne Zahlen sind verdeckt, damit niemand erkennbar wird.';
    expect(summarize(choice('multi', [n(40), n(12), small, hidden]))).toBe(withheld);
    // The demo's Stadtteil question: Gronau 24 shown, Kippekausen's 29 withheld — 342 answers leave far more than 24 for the withheld ones.
    expect(summarize(choice('stadtteil', [n(24), hidden, small, n(9)], { answered: n(342), shown: n(400), leftOut: n(58) }))).toBe(withheld);
    // When the answers add up and leave the withheld ones fewer than the largest shown, that one leads.
    expect(summarize(choice('single', [n(40), hidden, small], { answered: n(52) }))).toBe('Am häufigsten wurde „Option 1“ gewählt: von 77 % der 52 Befragten mit Antwort; 20 ließen die Frage aus.');
  });

  it('names no number when every option is withheld', () => {
    expect(summarize(choice('single', [small, small]))).toBe('Zu wenige Antworten, um einzelne Zahlen zu nennen.');
  });
});

describe('summarize: rankings', () => {
  const ranking = (points: Statistic[]): RankingResult => ({
    ...base,
    key: 'priorities',
    type: 'ranking',
    places: 4,
    options: points.map((p, index) => ({ key: `f${index}`, label: `Feld ${index + 1}`, points: p, meanRank: stat(1.8), first: n(20), placed: n(40) })),
    shown: n(50),
    answered: n(42),
    leftOut: n(8),
  });

  it('orders by Borda points, withheld last, and names the first with its mean place and first places', () => {
    const result = ranking([stat(90), noStat, stat(130)]);
    expect(byPoints(result).map((option) => option.key)).toEqual(['f2', 'f0', 'f1']);
    expect(summarize(result)).toBe('Am wichtigsten ist den 42 Befragten mit Antwort „Feld 3“: 130 Punkte, im Mittel auf Platz 1,8 und 20-mal auf Platz 1.');
  });

  it('names no first when points are withheld for another count\'s sake: a withheld one may lead', () => {
    expect(summarize(ranking([stat(90), hiddenStat, stat(130)]))).toBe('Eine Rangfolge lässt sich nicht nennen: die Punkte einzelner Antworten sind verdeckt, damit niemand erkennbar wird.');
  });

  // The demo's 338: „Bildung“ leads with 869 points but is first for only 43; „Arbeit“ is first for 129.
  it('says who is most often in first place when the points put another ahead, so the leader is not read as first most often', () => {
    const result = ranking([stat(798), stat(869)]);
    result.options[0] = { ...result.options[0]!, first: n(129) };
    result.options[1] = { ...result.options[1]!, first: n(43) };
    expect(summarize(result)).toBe('Am wichtigsten ist den 42 Befragten mit Antwort „Feld 2“: 869 Punkte, im Mittel auf Platz 1,8 und 43-mal auf Platz 1. Am häufigsten auf Platz 1 steht aber „Feld 1“ (129-mal).');
    // The leader is also first most often: nothing added.
    expect(summarize(ranking([stat(90), stat(130)]))).not.toContain('Am häufigsten');
  });

  it('names the first without the number who answered when that is withheld', () => {
    expect(summarize({ ...ranking([stat(90), stat(130)]), answered: hidden })).toBe('Am wichtigsten ist den Befragten mit Antwort „Feld 2“: 130 Punkte, im Mittel auf Platz 1,8 und 20-mal auf Platz 1.');
  });
});

describe('withheld statistics', () => {
  it('read „verdeckt“, and resting on too few „verdeckt (unter 5 Antworten)“, never „< 5“, which beside a median on a scale of 1 to 5 reads as a value', () => {
    expect(withheldStatisticText('secondary', 5)).toBe('verdeckt');
    expect(withheldStatisticText('below_threshold', 5)).toBe('verdeckt (unter 5 Antworten)');
    expect(withheldStatisticText('below_threshold', 5)).not.toMatch(/</);
  });

  it('a number question whose statistics are withheld beside withheld bins says so, not „zu wenige Antworten“', () => {
    const number: NumberResult = {
      ...base,
      key: 'household-size',
      type: 'number',
      bins: [],
      min: hiddenStat,
      q1: hiddenStat,
      median: hiddenStat,
      q3: hiddenStat,
      max: noStat,
      mean: hiddenStat,
      shown: n(50),
      answered: n(45),
      leftOut: n(5),
    };
    // Every statistic the table withholds is named, the smallest and largest answer too (the table's „kleinste Angabe“, „größte Angabe“).
    expect(summarize(number)).toBe('Einzelne Bereiche sind verdeckt und darum auch Median, Quartile, Mittelwert, kleinste und größte Angabe, damit niemand erkennbar wird; 5 machten keine Angabe.');
    expect(summarize({ ...number, median: noStat })).toBe('Zu wenige Antworten, um die Verteilung, den Median, den Mittelwert oder die kleinste und größte Angabe zu nennen; 5 machten keine Angabe.');
  });

  /** The words each language's withheld number summaries use for the smallest and the largest answer (as its table's rows name them). */
  const EXTREMES: Record<(typeof LANGUAGES)[number], [string, string]> = {
    de: ['kleinste', 'größte'],
    'de-easy': ['kleinste', 'größte'],
    en: ['smallest', 'largest'],
    tr: ['en küçük', 'en büyük'],
    uk: ['найменше', 'найбільше'],
    ar: ['أصغر قيمة', 'أكبر قيمة'],
    pl: ['najmniejsz', 'największ'],
    it: ['più piccolo', 'più grande'],
    ru: ['наименьшее', 'наибольшее'],
  };
  it.each(LANGUAGES)('a number question\'s withheld summaries in %s name the smallest and largest answer among what is withheld', (language) => {
    const catalog: Record<string, string> = JSON.parse(readFileSync(new URL(`../../shared/i18n/public/${language}.json`, import.meta.url), 'utf8'));
    for (const key of ['sumNumberWithheld', 'sumNumberTooFew']) {
      for (const word of EXTREMES[language]) expect(catalog[key], `${language} ${key}`).toContain(word);
    }
  });
});

describe('a cross table\'s shares of each column (the page\'s table by district and the downloads\' „Anteil im Bezirk“)', () => {
  const question = (type: 'single' | 'scale') => ({ key: 'q', type, title: 'Q', fieldOfAction: null });
  const rows = (...keys: string[]) => keys.map((key) => ({ key, label: key, other: false }));

  it('a choice: each count over the column\'s respondents who answered; a withheld count has none', () => {
    const shares = crosstabShares({ question: question('single'), rows: rows('a', 'b'), cells: [[n(10), n(6)], [n(5), small]], columnTotals: [n(15), n(8)] });
    expect(shares).toEqual([
      [10 / 15, 6 / 8],
      [5 / 15, null],
    ]);
  });

  it('a scale: a step over those who chose a step, none for „keine Angabe“; with a step withheld, the answers less „keine Angabe“', () => {
    const result = { question: question('scale'), rows: rows('1', '2', 'none'), cells: [[n(6), small], [n(4), n(7)], [n(5), n(5)]], columnTotals: [n(15), n(15)] };
    expect(crosstabBases(result)).toEqual([10, 10]);
    expect(crosstabShares(result)).toEqual([
      [6 / 10, null],
      [4 / 10, 7 / 10],
      [null, null],
    ]);
  });

  it('no share where the column\'s base is withheld', () => {
    const result = { question: question('scale'), rows: rows('1', 'none'), cells: [[small], [small]], columnTotals: [n(9)] };
    expect(crosstabBases(result)).toEqual([null]);
    expect(crosstabShares(result)).toEqual([[null], [null]]);
  });
});
