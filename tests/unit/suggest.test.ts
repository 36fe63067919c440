import { describe, expect, it } from 'vitest';
import { defaultContext, evaluate } from '../../scripts/bench/suggest.ts';
import { MAX_CONTRIBUTION_LENGTH } from '../../shared/domain.ts';
import type { Language } from '../../shared/languages.ts';
import {
  buildModel,
  emptyModel,
  foldGerman,
  learn,
  stemGerman,
  suggest,
  SUGGESTION_THRESHOLD,
  suggestModelSchema,
  suggestRequestSchema,
  suggestResponseSchema,
  type SuggestContext,
  type SuggestModel,
} from '../../shared/suggest/index.ts';

const context = defaultContext();

function run(text: string, language: Language = 'de', ctx: SuggestContext = context) {
  return suggest({ text, language }, ctx);
}
function top(text: string, language: Language = 'de', ctx: SuggestContext = context) {
  return run(text, language, ctx).fieldsOfAction[0]?.key ?? null;
}
function keys(text: string, language: Language = 'de') {
  return run(text, language).fieldsOfAction.map((field) => field.key);
}

describe('German normalisation and stemming', () => {
  it('folds umlauts, their two-letter spellings and ß alike', () => {
    expect(foldGerman('Bärbroich')).toBe(foldGerman('Baerbroich'));
    expect(foldGerman('Lückerath')).toBe(foldGerman('Lueckerath'));
    expect(foldGerman('Nußbaum')).toBe(foldGerman('Nussbaum'));
    expect(foldGerman('Bücherei')).toBe(foldGerman('Buecherei'));
    // "ue" after a vowel is no umlaut.
    expect(foldGerman('Feuer')).toBe('feuer');
  });

  it('strips plural and case endings', () => {
    expect(stemGerman('Sprachkursen')).toBe('sprachkurs');
    expect(stemGerman('Ausbildungsplätze')).toBe('ausbildungsplatz');
    expect(stemGerman('Ausbildungsplatz')).toBe('ausbildungsplatz');
    expect(stemGerman('Kitas')).toBe('kita');
    expect(stemGerman('Kindern')).toBe(stemGerman('Kinder'));
    expect(stemGerman('Wohnungen')).toBe('wohnung');
    expect(stemGerman('Schulen')).toBe(stemGerman('Schule'));
    expect(stemGerman('Kurs')).toBe('kurs');
  });
});

describe('suggest: German', () => {
  it('finds lexicon stems inside compounds and inflected words, and names the words as written', () => {
    expect(run('Wir brauchen mehr Ausbildungsplätze').fieldsOfAction[0]).toMatchObject({ key: 'arbeit', because: ['Ausbildungsplätze'] });
    expect(run('Das Sprachkursangebot ist zu klein').fieldsOfAction[0]).toMatchObject({ key: 'bildung-ausserschulisch', because: ['Sprachkursangebot'] });
    expect(run('Das Jugendzentrum schließt zu früh').fieldsOfAction[0]).toMatchObject({ key: 'freizeit', because: ['Jugendzentrum'] });
    expect(run('Ich suche einen Kitaplatz').fieldsOfAction[0]).toMatchObject({ key: 'bildung-ausserschulisch', because: ['Kitaplatz'] });
    expect(run('Ich suche einen Kita-Platz').fieldsOfAction[0]).toMatchObject({ key: 'bildung-ausserschulisch', because: ['Kita-Platz'] });
    expect(run('In den Sprachkursen sind zu viele Leute').fieldsOfAction[0]).toMatchObject({ because: ['Sprachkursen'] });
    expect(top('Die Stadtbücherei hat Bücher auf Türkisch')).toBe('bildung-ausserschulisch');
    expect(top('Mehr Schulsozialarbeiter an die Grundschulen')).toBe('bildung-schulisch');
  });

  it('reads Leichte Sprache with the medio-point like German', () => {
    expect(top('Ich brauche einen Sprach·kurs.', 'de-easy')).toBe('bildung-ausserschulisch');
    expect(top('Es gibt zu wenig Spiel·plätze.', 'de-easy')).toBe('freizeit');
  });

  it('lets the longest stem win, so a school word inside adult education does not count as school', () => {
    expect(keys('Die Volkshochschule hat gute Abendkurse')).toEqual(['bildung-ausserschulisch']);
    expect(keys('Meine Umschulung zur Erzieherin')[0]).toBe('arbeit');
    expect(top('Jugendarbeitslosigkeit ist hier ein großes Problem')).toBe('arbeit');
  });

  it('does not fire on words that merely contain a stem', () => {
    expect(keys('Zum Beispiel der Transport')).toEqual([]);
    expect(keys('Entschuldigung, das stimmt so nicht')).toEqual([]);
    expect(keys('Das lohnt sich nicht')).toEqual([]);
    expect(keys('Das haben wir festgestellt, insgesamt ist es gut')).toEqual([]);
  });

  it('tells nouns from lowercase words of the same spelling', () => {
    expect(top('Meine Tochter ist in der 3. Klasse')).toBe('bildung-schulisch');
    expect(keys('Das Fest war klasse')).not.toContain('bildung-schulisch');
    expect(keys('Das Fest war klasse')).toContain('freizeit');
    expect(keys('Ich suche einen festen Job')).toEqual(['arbeit']);
    // All-lowercase typing still counts.
    expect(top('meine tochter ist in der 3. klasse')).toBe('bildung-schulisch');
  });

  it('ranks best first, with scores in 0..1 and only positive ones', () => {
    const result = run('Kitaplätze und Deutschkurse fehlen, und mein Mann findet keine Arbeit');
    expect(result.fieldsOfAction.map((field) => field.key)).toEqual(['bildung-ausserschulisch', 'arbeit']);
    for (const field of result.fieldsOfAction) {
      expect(field.score).toBeGreaterThan(0);
      expect(field.score).toBeLessThanOrEqual(1);
    }
    const scores = result.fieldsOfAction.map((field) => field.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(run('Heute ist schönes Wetter').fieldsOfAction).toEqual([]);
  });

  it('suggests a child field of education, and the parent only for generic education words', () => {
    expect(keys('Bildung ist der Schlüssel')).toEqual(['bildung']);
    const both = run('Bildung fängt in der Grundschule an');
    expect(both.fieldsOfAction.map((field) => field.key)).toEqual(['bildung-schulisch']);
    expect(both.fieldsOfAction[0]!.because).toEqual(['Bildung', 'Grundschule']);
  });

  it('rolls child cues up to the parent when a process has no child fields', () => {
    const flat: SuggestContext = { ...context, fields: context.fields.filter((field) => !field.key.startsWith('bildung-')) };
    expect(top('Es fehlen Kitaplätze', 'de', flat)).toBe('bildung');
  });

  it('uses the labels of fields the lexicon does not know', () => {
    const custom: SuggestContext = { ...context, fields: [...context.fields, { key: 'umwelt', label: { de: 'Umwelt & Klima', en: 'Environment' } }] };
    expect(top('Mehr Klimaschutz und weniger Müll', 'de', custom)).toBe('umwelt');
    expect(top('Protect the environment', 'en', custom)).toBe('umwelt');
  });
});

describe('suggest: a process with fields of its own (derived lexicon)', () => {
  // Another city's process: none of its keys is one of the seed lexicon's, so only what the admin wrote speaks.
  const climate: SuggestContext = {
    stadtteile: [],
    fields: [
      { key: 'mobilitaet', label: { de: 'Mobilität', en: 'Mobility', tr: 'Ulaşım' }, description: { de: 'Radwege, Bus, Bahn, Parken', en: 'Cycle lanes, buses, trains, parking', tr: 'Bisiklet yolları, otobüsler' } },
      { key: 'energie', label: { de: 'Energie', en: 'Energy' }, description: { de: 'Solaranlagen, Wärmepumpen, Strom sparen', en: 'Solar panels, heat pumps, saving electricity' } },
      { key: 'gruen', label: { de: 'Grünflächen', en: 'Green spaces' }, description: { de: 'Grünanlagen, Gärten, Spielplätze', en: 'Parks and gardens' } },
      { key: 'gruen-baeume', parentKey: 'gruen', label: { de: 'Stadtbäume', en: 'Street trees' }, description: { de: 'Bäume an Straßen, Baumpatenschaften', en: 'Trees along streets' } },
    ],
  };
  const suggested = (text: string, language: Language = 'de', ctx: SuggestContext = climate) =>
    run(text, language, ctx).fieldsOfAction.filter((field) => field.score >= SUGGESTION_THRESHOLD).map((field) => field.key);

  it('suggests a field from the words of its German description, folded and stemmed like the text', () => {
    const result = run('Wir brauchen mehr Radwege und bessere Busverbindungen', 'de', climate);
    expect(result.fieldsOfAction[0]).toMatchObject({ key: 'mobilitaet', because: ['Radwege', 'Busverbindungen'] });
    expect(result.fieldsOfAction[0]!.score).toBeGreaterThanOrEqual(SUGGESTION_THRESHOLD);
    expect(suggested('Mehr Wärmepumpen für Altbauten')).toEqual(['energie']);
    expect(suggested('Die Energiepreise sind zu hoch')).toEqual(['energie']);
  });

  it('matches a three-letter description word only where a word begins, and leaves function words out', () => {
    expect(suggested('Der Bus kommt zu selten')).toEqual(['mobilitaet']);
    expect(suggested('Ich fahre Omnibus')).toEqual([]);
    // "mehr" and "sparen" alone: "mehr" is a function word, "sparen" a word of the Energie description.
    expect(suggested('mehr mehr mehr')).toEqual([]);
  });

  it('reads the description in the text’s language: English and Turkish', () => {
    expect(suggested('We need more cycle lanes and better buses', 'en')).toEqual(['mobilitaet']);
    expect(suggested('Plant more trees along our streets', 'en')).toEqual(['gruen-baeume']);
    expect(suggested('Saving electricity should pay off', 'en')).toEqual(['energie']);
    expect(suggested('Daha fazla bisiklet yolu lazım', 'tr')).toEqual(['mobilitaet']);
    // A language the admin wrote nothing in has no derived words.
    expect(suggested('Потрібно більше велодоріжок', 'uk')).toEqual([]);
  });

  it('reads the Leichte-Sprache description as German too', () => {
    const plain: SuggestContext = { stadtteile: [], fields: [{ key: 'mobilitaet', label: { de: 'Mobilität' }, description: { de: 'Radverkehr', 'de-easy': 'Bus und Bahn' } }] };
    expect(suggested('Die Bahn kommt immer zu spät', 'de', plain)).toEqual(['mobilitaet']);
    expect(suggested('Die Bahn kommt immer zu spät', 'de-easy', plain)).toEqual(['mobilitaet']);
  });

  it('gives a Unterthema its own words, and its parent the words they share', () => {
    expect(suggested('Die Bäume in der Straße vertrocknen')).toEqual(['gruen-baeume']);
    expect(suggested('Die Gärten am Rathaus verwildern')).toEqual(['gruen']);
  });

  it('lets the process name words the seed lexicon only held back ("Parken"), and drops the seed’s cues for fields it does not have', () => {
    expect(suggested('Es gibt zu wenige Parkplätze')).toContain('mobilitaet');
    // The seed's "Gemeinschaftsgarten" (leisure) would claim the word before the process's "Gärten".
    expect(suggested('Ein Gemeinschaftsgarten im Viertel')).toEqual(['gruen']);
    expect(run('In Gronau fehlen Ausbildungsplätze für junge Leute.', 'de', climate).fieldsOfAction).toEqual([]);
  });

  it('splits a description word several fields share between them', () => {
    const shared: SuggestContext = {
      stadtteile: [],
      fields: [
        { key: 'a', label: { de: 'Erstes' }, description: { de: 'Wasser' } },
        { key: 'b', label: { de: 'Zweites' }, description: { de: 'Wasser' } },
      ],
    };
    const scores = run('Wasser', 'de', shared).fieldsOfAction.map((field) => field.score);
    expect(scores).toHaveLength(2);
    expect(scores[0]).toBe(scores[1]);
    expect(scores[0]).toBeLessThan(SUGGESTION_THRESHOLD);
  });

  it('follows a changed description: a new field list is a new lexicon', () => {
    expect(suggested('Solar aufs Schuldach')).toEqual([]);
    const described: SuggestContext = {
      ...climate,
      fields: climate.fields.map((field) => (field.key === 'energie' ? { ...field, description: { de: 'Solar, Wärmepumpen, Strom sparen' } } : field)),
    };
    expect(suggested('Solar aufs Schuldach', 'de', described)).toEqual(['energie']);
    expect(suggested('Solar aufs Schuldach')).toEqual([]);
  });
});

describe('suggest: other languages', () => {
  const cases: Array<[Language, string, string]> = [
    ['en', 'My daughter could not find an apprenticeship', 'arbeit'],
    ['en', 'The German courses are full', 'bildung-ausserschulisch'],
    ['tr', 'Okulda öğretmenler çok iyi', 'bildung-schulisch'],
    ['tr', 'Gençler için futbol sahası lazım', 'freizeit'],
    ['uk', 'Немає місць у дитячому садку', 'bildung-ausserschulisch'],
    ['uk', 'Я шукаю роботу вже рік', 'arbeit'],
    ['ar', 'ابنتي تحب المدرسة', 'bildung-schulisch'],
    ['ar', 'لا أستطيع التصويت في الانتخابات', 'teilhabe'],
    ['pl', 'Szukam pracy od roku', 'arbeit'],
    ['pl', 'Basen jest za drogi', 'freizeit'],
    ['it', 'Le maestre della scuola sono brave', 'bildung-schulisch'],
    ['it', "Non trovo posto all'asilo nido", 'bildung-ausserschulisch'],
    ['ru', 'Квартиру снять невозможно', 'teilhabe'],
    ['ru', 'Хочу петь в хоре', 'freizeit'],
  ];
  it.each(cases)('%s: %s', (language, text, expected) => {
    expect(top(text, language)).toBe(expected);
  });

  it('strips Arabic articles and attached prepositions', () => {
    expect(top('بالمدرسة', 'ar')).toBe('bildung-schulisch');
    expect(top('والمكتبة', 'ar')).toBe('bildung-ausserschulisch');
  });
});

describe('district recognition', () => {
  const stadtteil = (text: string) => run(text).stadtteil;

  it('finds a Stadtteil named in the text, in its written variants and inflections', () => {
    expect(stadtteil('In Gronau fehlt ein Jugendtreff')).toBe('gronau');
    expect(stadtteil('Bärbroicher Kinder haben keinen Spielplatz')).toBe('baerbroich');
    expect(stadtteil('in Baerbroich gibt es nichts')).toBe('baerbroich');
    expect(stadtteil('Wir wohnen in Lueckerath')).toBe('lueckerath');
    expect(stadtteil('In Nussbaum fährt kein Bus')).toBe('nussbaum');
    expect(stadtteil('Die Refrather Vereine sind offen')).toBe('refrath');
    expect(stadtteil("Gronau'da oturuyorum", )).toBe('gronau');
    expect(stadtteil('Heute ist schönes Wetter')).toBeNull();
  });

  it('prefers the most specific name', () => {
    expect(stadtteil('Wir wohnen in Alt-Refrath')).toBe('alt-refrath');
    expect(stadtteil('Wir wohnen in Alt Refrath')).toBe('alt-refrath');
    expect(stadtteil('Wir wohnen in Refrath')).toBe('refrath');
  });

  it('takes the Stadtteil named most often, then the one named first', () => {
    expect(stadtteil('In Gronau fehlt ein Jugendtreff, in Bensberg gibt es einen')).toBe('gronau');
    expect(stadtteil('Von Gronau muss ich nach Bensberg, in Bensberg ist die Kita')).toBe('bensberg');
  });

  it('counts "Hand" and "Sand" only where they can only be places', () => {
    expect(stadtteil('Ich wohne in Hand')).toBe('hand');
    expect(stadtteil('Wir kommen aus Sand')).toBe('sand');
    expect(stadtteil('Im Stadtteil Hand fehlt ein Treffpunkt')).toBe('hand');
    expect(stadtteil('Bergisch Gladbach-Hand braucht eine Kita')).toBe('hand');
    expect(stadtteil('Wir sollten Hand in Hand arbeiten')).toBeNull();
    expect(stadtteil('Das Formular habe ich von Hand ausgefüllt')).toBeNull();
    expect(stadtteil('Ich habe das Kind an der Hand')).toBeNull();
    expect(stadtteil('Die Kinder spielen im Sand')).toBeNull();
    expect(stadtteil('Die öffentliche Hand muss zahlen')).toBeNull();
    expect(stadtteil('We live in Hand')).toBe('hand');
    expect(stadtteil('I have it in hand')).toBeNull();
  });

  it('finds a name among a few hundred Stadtteile, the longer name first where a word fits two', () => {
    const many = [
      ...context.stadtteile,
      ...Array.from({ length: 300 }, (_, i) => ({ key: `ort-${i}`, name: `Ort ${i}`, nameVariants: [`Ortsteil${i}heim`] })),
      { key: 'gronauer-feld', name: 'Gronauer', nameVariants: null },
    ];
    const detect = (text: string) => run(text, 'de', { ...context, stadtteile: many }).stadtteil;
    expect(detect('In Gronau fehlt ein Jugendtreff')).toBe('gronau');
    expect(detect('Wir wohnen in Alt Refrath')).toBe('alt-refrath');
    expect(detect('Die Refrather Vereine sind offen')).toBe('refrath');
    expect(detect('Im Ortsteil217heimer Park fehlt Licht')).toBe('ort-217');
    expect(detect('Wir wohnen in Ort 42')).toBe('ort-42');
    // "Gronauer" is a name of its own here, and longer than "Gronau" + "er".
    expect(detect('Die Gronauer Kinder')).toBe('gronauer-feld');
    // "Gronauers" is "Gronau" + "ers" and "Gronauer" + "s": the longer name wins.
    expect(detect('Das Fest des Gronauers')).toBe('gronauer-feld');
    expect(detect('Heute ist schönes Wetter')).toBeNull();
  });
});

describe('learning from moderators', () => {
  it('is pure and JSON-serialisable', () => {
    const model = emptyModel();
    const before = JSON.stringify(model);
    const next = learn(model, { text: 'Das Sprachcafé ist schön', language: 'de', fieldKeys: ['freizeit'] });
    expect(JSON.stringify(model)).toBe(before);
    expect(next).not.toBe(model);
    expect(JSON.parse(JSON.stringify(next))).toEqual(next);
    expect(suggestModelSchema.parse(next)).toEqual(next);
    const again = learn(next, { text: 'Sprachcafé am Montag', language: 'de', fieldKeys: ['freizeit'] });
    expect(next.languages.de!.docs).toBe(1);
    expect(again.languages.de!.docs).toBe(2);
  });

  it('builds the same model from all examples as learning them one by one', () => {
    const examples = [
      { text: 'Ohne Job keine Wohnung', language: 'de' as const, fieldKeys: ['teilhabe'] },
      { text: 'Kitaplätze fehlen', language: 'de-easy' as const, fieldKeys: ['bildung-ausserschulisch'] },
      { text: 'The library is great', language: 'en' as const, fieldKeys: ['bildung-ausserschulisch', 'freizeit'] },
    ];
    const stepwise = examples.reduce<SuggestModel>((model, example) => learn(model, example), emptyModel());
    expect(buildModel(examples)).toEqual(stepwise);
    // Leichte Sprache learns into the German model.
    expect(stepwise.languages.de!.docs).toBe(2);
  });

  it('follows moderators who re-tag "Sprachcafé" texts as leisure, against the lexicon', () => {
    const text = 'Das Sprachcafé in Bensberg sollte auch samstags öffnen';
    expect(top(text)).toBe('bildung-ausserschulisch');
    const reviewed = [
      'Im Sprachcafé treffen sich donnerstags Leute aus aller Welt zum Quatschen',
      'Das Sprachcafé ist für mich der schönste Treffpunkt der Woche',
      'Beim Sprachcafé spielen wir oft Spiele und lachen viel',
      'Mehr Sprachcafés in den Stadtteilen, da trifft man nette Leute',
    ];
    const model = buildModel(reviewed.map((example) => ({ text: example, language: 'de', fieldKeys: ['freizeit'] })));
    const result = run(text, 'de', { ...context, model });
    expect(result.fieldsOfAction[0]).toMatchObject({ key: 'freizeit', because: ['Sprachcafé'] });
  });

  it('follows moderators who re-tag housing texts as participation, against a work word', () => {
    const text = 'Ohne Arbeitsvertrag gibt es keine Wohnung, das ist das Problem';
    expect(top(text)).toBe('arbeit');
    const reviewed = [
      'Ohne festen Job bekommt man keine Wohnung in Bergisch Gladbach',
      'Vermieter wollen immer einen Arbeitsvertrag sehen, sonst gibt es keine Wohnung',
      'Mit Jobcenter-Bescheid findet man keine Mietwohnung, die Vermieter sagen sofort ab',
      'Die Wohnungssuche ist ohne Gehaltsnachweis vom Arbeitgeber hoffnungslos',
    ];
    let model = emptyModel();
    for (const example of reviewed) model = learn(model, { text: example, language: 'de', fieldKeys: ['teilhabe'] });
    expect(top(text, 'de', { ...context, model })).toBe('teilhabe');
    // Other texts keep their lexicon reading.
    expect(top('Die Kita in Gronau hat keinen Platz', 'de', { ...context, model })).toBe('bildung-ausserschulisch');
  });

  it('learns cues the lexicon does not have, per language', () => {
    const text = 'Der Mehrgenerationenhof lädt zum Mitmachen ein';
    const reviewed = ['Der Mehrgenerationenhof ist toll', 'Im Mehrgenerationenhof gibt es Kaffee', 'Mehrgenerationenhof auch für Jugendliche öffnen'];
    const model = buildModel(reviewed.map((example) => ({ text: example, language: 'de', fieldKeys: ['freizeit'] })));
    expect(top(text, 'de', { ...context, model })).toBe('freizeit');
    expect(run('Mehrgenerationenhof', 'en', { ...context, model }).fieldsOfAction).toEqual([]);
  });

  it('ignores a stored model of another version', () => {
    const stale = { version: 0, languages: { de: { docs: 5, fieldDocs: { freizeit: 5 }, features: {} } } } as unknown as SuggestModel;
    expect(top('Kitaplätze fehlen', 'de', { ...context, model: stale })).toBe('bildung-ausserschulisch');
    expect(suggestModelSchema.safeParse(stale).success).toBe(false);
  });
});

describe('API schemas', () => {
  it('validates the request', () => {
    expect(suggestRequestSchema.safeParse({ text: 'Mehr Kitaplätze', language: 'de' }).success).toBe(true);
    expect(suggestRequestSchema.safeParse({ text: '', language: 'de' }).success).toBe(false);
    expect(suggestRequestSchema.safeParse({ text: '   ', language: 'de' }).success).toBe(false);
    expect(suggestRequestSchema.safeParse({ text: 'x'.repeat(MAX_CONTRIBUTION_LENGTH + 1), language: 'de' }).success).toBe(false);
    expect(suggestRequestSchema.safeParse({ text: 'Hallo', language: 'fr' }).success).toBe(false);
  });

  it('describes what suggest returns', () => {
    const result = run('In Gronau fehlen Kitaplätze');
    expect(suggestResponseSchema.parse(result)).toEqual(result);
    expect(result.stadtteil).toBe('gronau');
  });
});

describe('benchmark on the labelled fixtures', () => {
  it('has German top-1 accuracy of at least 80 % (acceptance criterion)', () => {
    const result = evaluate('de');
    expect(result.texts).toBeGreaterThanOrEqual(200);
    expect(result.top1).toBeGreaterThanOrEqual(0.8);
  });

  it.each(['de-easy', 'en', 'tr', 'uk', 'ar', 'pl', 'it', 'ru'] as const)('%s is well above chance', (language) => {
    const result = evaluate(language);
    expect(result.texts).toBeGreaterThanOrEqual(20);
    // Chance for five fields is about 0.2.
    expect(result.top1).toBeGreaterThanOrEqual(0.6);
  });
});
