/**
 * The concept draft as a Word document (docx), following the outline of an integration concept
 * as the council receives it: 1 premise and goals, 2 the process with its channels and
 * participation figures, 3 the Datenbasis, 4 the fields of action with key results and quotes,
 * 5 the measures. Real headings (Word's navigation pane and table of contents find them), real
 * tables with header rows, German as the document language; staff write the prose around the
 * figures in Word or LibreOffice.
 */
import { AlignmentType, Document, Footer, HeadingLevel, LevelFormat, LineRuleType, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import type { Figure } from '../../../shared/api/question-results.ts';
import type { Participation } from '../../../shared/api/participation.ts';
import type { Cell } from '../../../shared/api/results.ts';
import type { ConceptData, ConceptMeasure, ConceptQuestion } from './concept.data.ts';
import { textMeasurer } from '../../pdf/fonts.ts';
import { germanMonth } from '../results/results.export-data.ts';

/** The chapter titles, in order; the read-back test looks for them. */
export const CHAPTERS = ['1 Prämisse und Ziele', '2 Der Beteiligungsprozess', '3 Datenbasis', '4 Handlungsfelder', '5 Maßnahmen'] as const;

const GERMAN = { value: 'de-DE' } as const;
const BULLETS = 'concept-bullets';

/** A count as the draft prints it: the number, "unter N" where it is withheld for itself, "verdeckt" where only so that a smaller one cannot be worked out. */
export function countText(cell: Cell | Figure | null, threshold: number): string {
  if (!cell) return '–';
  if (!cell.suppressed) return cell.count.toLocaleString('de-DE');
  return 'reason' in cell && cell.reason === 'secondary' ? 'verdeckt' : `unter ${threshold}`;
}

const day = (iso: string | null): string => (iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : '');

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level });
const text = (value: string, options: { italics?: boolean; bold?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text: value, ...options })] });
const bullet = (children: TextRun[]) => new Paragraph({ children, numbering: { reference: BULLETS, level: 0 } });

/** A4 with margins of 2.54 cm, in twips (1/20 pt): the width text and tables have on a page upright and on one turned sideways. */
const A4 = { width: 11906, height: 16838, margin: 1440 } as const;
export const TEXT_WIDTH = { portrait: A4.width - 2 * A4.margin, landscape: A4.height - 2 * A4.margin } as const;
/** A cell's inner margin left and right, in twips. */
export const CELL_MARGIN = 100;
/** Room beyond the measured words, in twips, for borders and how another program rounds. */
const SLACK = 60;

/** How wide a text is at the body's size, in twips, bold or not. */
export type WidthOf = (text: string, bold: boolean) => number;

/** The words a line may break between: a no-break space (as in "12.500,00 €") keeps its words together. */
const words = (value: string) => value.split(/[ \t\n]+/u).filter(Boolean);

/**
 * Column widths for a table `width` wide, chosen from its text as Word's "auto-fit to contents"
 * would, but fixed in the file so Word and LibreOffice lay it out alike: every column at least as
 * wide as its widest word (no word broken in the middle), the rest of the width shared by how
 * much wider each column's widest cell is; only when the words alone do not fit are all narrowed alike.
 */
export function fitColumns(headers: string[], rows: string[][], width: number, widthOf: WidthOf): number[] {
  const span = (twips: number) => Math.ceil(twips) + 2 * CELL_MARGIN + SLACK;
  const column = (i: number) => [{ text: headers[i]!, bold: true }, ...rows.map((row) => ({ text: row[i] ?? '', bold: false }))];
  const least = headers.map((_, i) => span(Math.max(...column(i).flatMap(({ text, bold }) => words(text).map((word) => widthOf(word, bold))))));
  const natural = headers.map((_, i) => Math.max(least[i]!, span(Math.max(...column(i).map(({ text, bold }) => widthOf(text, bold))))));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (sum(least) >= width) widths = least.map((w) => (w * width) / sum(least));
  else {
    const room = width - sum(least);
    const wish = natural.map((n, i) => n - least[i]!);
    widths = sum(wish) <= room ? natural.map((n) => n + ((room - sum(wish)) * n) / sum(natural)) : least.map((l, i) => l + (room * wish[i]!) / sum(wish));
  }
  const rounded = widths.map(Math.floor);
  rounded[rounded.length - 1]! += width - sum(rounded);
  return rounded;
}

function table(widthOf: WidthOf, headers: string[], rows: string[][], numeric: boolean[], width: number = TEXT_WIDTH.portrait): Table {
  const columnWidths = fitColumns(headers, rows, width, widthOf);
  const cell = (value: string, index: number, header: boolean) =>
    new TableCell({
      width: { size: columnWidths[index]!, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: CELL_MARGIN, right: CELL_MARGIN },
      children: [new Paragraph({ alignment: numeric[index] ? AlignmentType.END : AlignmentType.START, children: [new TextRun({ text: value, bold: header })] })],
    });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((value, i) => cell(value, i, false)) })),
    ],
  });
}

function questionList(questions: ConceptQuestion[], threshold: number): Paragraph[] {
  return questions.map((q) => {
    // A scale's summary speaks of those who chose a step: the split says how they relate to the answers.
    const split = q.split ? `, davon ${countText(q.split.chosen, threshold)} mit einer Stufe und ${countText(q.split.none, threshold)} „keine Angabe“` : '';
    return bullet([new TextRun({ text: `${q.title} `, bold: true }), new TextRun({ text: `(Antworten: ${countText(q.answered, threshold)}${split}): ` }), new TextRun({ text: q.summary })]);
  });
}

function premise(data: ConceptData): Array<Paragraph | Table> {
  const { process } = data;
  return [
    heading(CHAPTERS[0], HeadingLevel.HEADING_1),
    text(process.description),
    // The process's own words: a second participation in the city (a youth plan, a mobility concept) is no integration work.
    text(`Das Konzept „${process.title}“ ordnet die Arbeit in ${process.city} nach ${data.fields.length === 1 ? 'einem Handlungsfeld' : `${data.fields.length} Handlungsfeldern`}:`),
    ...data.fields.map((field) => bullet([new TextRun({ text: field.label, bold: true }), ...(field.children.length ? [new TextRun({ text: ` (${field.children.join(', ')})` })] : [])])),
  ];
}

function processChapter(data: ConceptData, widthOf: WidthOf): Array<Paragraph | Table> {
  const { process, threshold } = data;
  const window = process.opensOn || process.closesOn ? `Die Online-Umfrage war vom ${day(process.opensOn)} bis zum ${day(process.closesOn)} geöffnet.` : null;
  return [
    heading(CHAPTERS[1], HeadingLevel.HEADING_1),
    heading('Phasen', HeadingLevel.HEADING_2),
    ...process.phases.map((phase) =>
      bullet([
        new TextRun({ text: `${phase.nr}. ${phase.title}`, bold: true }),
        new TextRun({ text: [phase.startsOn || phase.endsOn ? ` (${[day(phase.startsOn), day(phase.endsOn)].filter(Boolean).join(' – ')})` : '', phase.current ? ' – aktuelle Phase' : ''].join('') }),
        ...(phase.description ? [new TextRun({ text: `: ${phase.description}` })] : []),
      ]),
    ),
    heading('Beteiligung nach Kanal', HeadingLevel.HEADING_2),
    ...(window ? [text(window)] : []),
    text(
      `Die Bürgerinnen und Bürger konnten in ${process.languages.length} Sprachen teilnehmen. Gezählt sind Beiträge (freie Texte aus allen Kanälen) und ausgefüllte Fragebögen (online und auf Papier).`,
    ),
    table(
      widthOf,
      ['Kanal', 'Beiträge', 'Fragebögen'],
      [
        ...data.channels.map((channel) => [channel.label, countText(channel.contributions, threshold), channel.responses ? countText(channel.responses, threshold) : '–']),
        ['Zusammen', countText(data.totals.contributions, threshold), countText(data.totals.responses, threshold)],
      ],
      [false, true, true],
    ),
    text(`Zahlen unter ${threshold} werden nicht veröffentlicht („unter ${threshold}“), ebenso Zahlen, aus denen sie sich errechnen ließen („verdeckt“, dann mindestens ${threshold}).`, { italics: true }),
  ];
}

/** "12,3" — a rate per 1,000 or a ratio as the German reader writes it. */
export const decimalText = (value: number, digits = 1): string => value.toLocaleString('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "4,2 (3,1–5,6)": a rate per 1,000 with its 95 % Wilson interval, or "–" where the count is withheld or no population is known. */
export const rateText = (rate: Participation['city']['rate']): string => (rate ? `${decimalText(rate.perThousand)} (${decimalText(rate.low)}–${decimalText(rate.high)})` : '–');

function referenceNote(reference: Participation['reference']): Paragraph {
  if (reference.status === 'none') return text('Für die Stadtteile liegen noch keine Einwohnerzahlen vor; Beteiligungsquoten lassen sich daher nicht angeben.', { italics: true });
  // The seeded example figures name a source per Stadtteil: the document names a few, the results page all of them.
  const sources = reference.sources.length <= 3 ? reference.sources.join('; ') : `${reference.sources.length} Quellen (aufgeführt in der Auswertung unter „Beteiligung“)`;
  const source = [sources, reference.dates.length ? `Stand ${reference.dates.map(day).join(', ')}` : '', reference.licences.join('; ')].filter(Boolean).join(', ');
  const caveat =
    reference.status === 'official' ? '' : reference.status === 'unverified' ? ' Die Einwohnerzahlen sind Beispielwerte und noch nicht geprüft; vor der Vorlage im Rat durch die amtlichen Zahlen ersetzen.' : ' Ein Teil der Einwohnerzahlen sind ungeprüfte Beispielwerte.';
  return text(`Einwohnerzahlen: ${source}.${caveat}`, { italics: true });
}

function participationChapter(data: ConceptData, widthOf: WidthOf): Array<Paragraph | Table> {
  const p = data.participation;
  const { threshold } = data;
  const summary = p.summary.stadtteile;
  const nameOf = new Map(p.stadtteile.map((s) => [s.key, s.name]));
  const sentences = [
    p.city.rate ? `Stadtweit haben sich ${decimalText(p.city.rate.perThousand)} von je 1.000 Einwohnerinnen und Einwohnern beteiligt (95-%-Intervall ${decimalText(p.city.rate.low)} bis ${decimalText(p.city.rate.high)}).` : null,
    summary.lowestOverHighest !== null && summary.lowest && summary.highest
      ? // Stadtteile whose count is withheld have no published rate and may lie lower: the sentence says it compares the others.
        summary.withheld > 0
        ? `Unter den Stadtteilen mit veröffentlichter Zahl lag die Quote im niedrigsten (${nameOf.get(summary.lowest) ?? summary.lowest}) bei ${decimalText(100 * summary.lowestOverHighest, 0)} % der höchsten (${nameOf.get(summary.highest) ?? summary.highest}); ${summary.withheld === 1 ? 'ein Stadtteil' : `${summary.withheld} Stadtteile`} mit weniger als ${threshold} Stimmen ${summary.withheld === 1 ? 'ist' : 'sind'} dabei nicht verglichen und ${summary.withheld === 1 ? 'kann' : 'können'} noch darunter liegen.`
        : `Im Stadtteil mit der niedrigsten Beteiligung (${nameOf.get(summary.lowest) ?? summary.lowest}) lag die Quote bei ${decimalText(100 * summary.lowestOverHighest, 0)} % der höchsten (${nameOf.get(summary.highest) ?? summary.highest}).`
      : null,
    summary.similarity !== null
      ? `Die Stimmen verteilen sich zu ${decimalText(100 * summary.similarity, 0)} % so auf die Stadtteile wie die Einwohnerschaft (proportionale Ähnlichkeit 1 − ½·Σ|pᵢ − qᵢ|; 100 % hieße: genau wie die Bevölkerung).`
      : null,
  ].filter((sentence): sentence is string => sentence !== null);
  return [
    heading('Beteiligung und Bevölkerung', HeadingLevel.HEADING_2),
    referenceNote(p.reference),
    ...sentences.map((sentence) => text(sentence)),
    table(
      widthOf,
      ['Stadtbezirk', 'Einwohner', 'Stimmen', 'je 1.000 (95-%-Intervall)', 'gegenüber der Stadt'],
      p.districts.map((d) => [d.name, d.population === null ? '–' : d.population.toLocaleString('de-DE'), countText(d.voices, threshold), rateText(d.rate), d.ratio === null ? '–' : `${decimalText(d.ratio, 2)}-fach`]),
      [false, true, true, true, true],
    ),
    text(
      `Eine Stimme ist ein ausgefüllter Fragebogen oder ein Beitrag ohne Fragebogen. Außerhalb der Stadt: ${countText(p.outside.voices, threshold)}; ohne Angabe des Stadtteils: ${countText(p.unknown.voices, threshold)}.`,
      { italics: true },
    ),
    ...(p.whereNext.length
      ? [
          heading('Wo noch zugehört werden sollte', HeadingLevel.HEADING_3),
          text('Die Stadtteile mit der geringsten Beteiligung, gemessen an der oberen Grenze ihres 95-%-Intervalls:'),
          ...p.whereNext.map((place) => bullet([new TextRun({ text: place.name, bold: true }), new TextRun({ text: `: ${countText(place.voices, threshold)} Stimmen bei ${place.population.toLocaleString('de-DE')} Einwohnern${place.rate ? `, je 1.000 ${rateText(place.rate)}` : ''}` })])),
        ]
      : []),
  ];
}

function datenbasis(data: ConceptData, widthOf: WidthOf): Array<Paragraph | Table> {
  return [
    heading(CHAPTERS[2], HeadingLevel.HEADING_1),
    text(`An der Umfrage haben ${countText(data.respondents, data.threshold)} Personen teilgenommen.`),
    ...participationChapter(data, widthOf),
    ...(data.demographics.length ? [heading('Wer hat teilgenommen', HeadingLevel.HEADING_2), ...questionList(data.demographics, data.threshold)] : []),
  ];
}

function fieldsChapter(data: ConceptData): Array<Paragraph | Table> {
  const { threshold } = data;
  return [
    heading(CHAPTERS[3], HeadingLevel.HEADING_1),
    ...(data.overall.length ? [heading('Über alle Handlungsfelder', HeadingLevel.HEADING_2), ...questionList(data.overall, threshold)] : []),
    ...data.fields.flatMap((field, index) => [
      heading(`4.${index + 1} ${field.label}`, HeadingLevel.HEADING_2),
      text(`Beiträge zu diesem Handlungsfeld: ${countText(field.contributions, threshold)}.`),
      ...(field.guidingGoals.length ? [heading('Leitziele', HeadingLevel.HEADING_3), ...field.guidingGoals.map((goal) => bullet([new TextRun({ text: goal })]))] : []),
      ...(field.questions.length ? [heading('Zentrale Ergebnisse der Umfrage', HeadingLevel.HEADING_3), ...questionList(field.questions, threshold)] : []),
      ...(field.quotes.length
        ? [
            heading('Stimmen', HeadingLevel.HEADING_3),
            text(`${field.quotes.length} von ${field.quoteTotal.toLocaleString('de-DE')} Zitaten; personenbezogene Angaben sind unkenntlich gemacht.`, { italics: true }),
            ...field.quotes.map((quote) =>
              bullet([
                new TextRun({ text: `„${quote.text}“` }),
                ...(quote.german ? [new TextRun({ text: ` (Deutsch: „${quote.german}“)`, italics: true })] : []),
                new TextRun({ text: ` – ${[quote.citeId, quote.area, germanMonth(quote.month)].filter(Boolean).join(', ')}` }),
              ]),
            ),
          ]
        : []),
    ]),
  ];
}

/** "Drucksache 0421/2026, 12. März 2027", or "offen" before the council decided. */
export function decisionText(measure: ConceptMeasure): string {
  const parts = [measure.councilDocument ? `Drucksache ${measure.councilDocument}` : null, measure.councilDecidedOn ? day(measure.councilDecidedOn) : null].filter(Boolean);
  return parts.length ? parts.join(', ') : 'offen';
}

/** The columns of the measures table, in order; the read-back test compares them with the API. */
export const MEASURE_COLUMNS = ['Maßnahme', 'Handlungsfeld', 'Status', 'Verantwortlich', 'Ratsbeschluss', 'Budget'] as const;

export function measureRow(measure: ConceptMeasure): string[] {
  return [
    measure.title,
    measure.field,
    `${measure.status} (${measure.progress} %)`,
    [measure.responsible, ...measure.partners].filter(Boolean).join('; ') || '–',
    decisionText(measure),
    measure.budget ?? '–',
  ];
}

function measuresChapter(data: ConceptData, widthOf: WidthOf): Array<Paragraph | Table> {
  if (data.measures.length === 0) {
    return [heading(CHAPTERS[4], HeadingLevel.HEADING_1), text('Die Arbeitsgruppen haben noch keine Maßnahmen eingetragen. Sie erscheinen hier, sobald sie im Bereich „Maßnahmen“ angelegt sind.')];
  }
  const taken = data.measures.filter((m) => m.contributions.length > 0);
  return [
    heading(CHAPTERS[4], HeadingLevel.HEADING_1),
    text(`${data.measures.length} Maßnahmen in ${new Set(data.measures.map((m) => m.topField)).size} Handlungsfeldern; Status, Fortschritt, Zuständigkeit, Ratsbeschluss und Budget nach dem Stand der öffentlichen Maßnahmenseite.`),
    table(widthOf, [...MEASURE_COLUMNS], data.measures.map(measureRow), [false, false, false, false, false, true], TEXT_WIDTH.landscape),
    ...(taken.length
      ? [
          heading('Welche Stimmen die Maßnahmen aufgreifen', HeadingLevel.HEADING_2),
          ...taken.map((m) => bullet([new TextRun({ text: m.title, bold: true }), new TextRun({ text: `: ${m.contributions.join(', ')}` })])),
        ]
      : []),
  ];
}

/** A section of A4 pages, upright or sideways, each with its page number ("Seite 3 von 7", counted through the whole document). */
const section = (orientation: (typeof PageOrientation)[keyof typeof PageOrientation], children: Array<Paragraph | Table>) => ({
  properties: { page: { size: { width: A4.width, height: A4.height, orientation }, margin: { top: A4.margin, right: A4.margin, bottom: A4.margin, left: A4.margin } } },
  footers: {
    default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Seite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES] })] })] }),
  },
  children,
});

/** The whole draft as the bytes of a .docx file. */
export async function renderConcept(data: ConceptData): Promise<Buffer> {
  // Table columns as wide as their words, measured at the body's 11 pt (in points, so × 20 for twips).
  const measure = await textMeasurer(11);
  const widthOf: WidthOf = (text, bold) => 20 * measure(text, bold);
  const document = new Document({
    title: `Konzeptentwurf: ${data.process.title}`,
    description: `Entwurf aus Mitreden, Stand ${day(data.generatedOn)}`,
    creator: 'Mitreden',
    styles: {
      default: {
        // The line rule said outright: without it LibreOffice reads 276 as a fixed 13.8 pt, and the title's second line runs into its first.
        document: { run: { font: 'Calibri', size: 22, language: GERMAN }, paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
        heading1: { paragraph: { spacing: { before: 360, after: 120 }, keepNext: true } },
        heading2: { paragraph: { spacing: { before: 240, after: 120 }, keepNext: true } },
        heading3: { paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
      },
    },
    numbering: {
      config: [{ reference: BULLETS, levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360, hanging: 260 } } } }] }],
    },
    // The measures' table has six columns of long German words: their chapter is on pages turned sideways.
    sections: [
      section(PageOrientation.PORTRAIT, [
        new Paragraph({ text: data.process.title, heading: HeadingLevel.TITLE }),
        text(`Entwurf für den Rat, erstellt am ${day(data.generatedOn)} aus den Daten der Beteiligung. Alle Zahlen entsprechen der Auswertung zu diesem Tag.`, { italics: true }),
        ...premise(data),
        ...processChapter(data, widthOf),
        ...datenbasis(data, widthOf),
        ...fieldsChapter(data),
        ...(data.measures.length ? [] : measuresChapter(data, widthOf)),
      ]),
      ...(data.measures.length ? [section(PageOrientation.LANDSCAPE, measuresChapter(data, widthOf))] : []),
    ],
  });
  return Packer.toBuffer(document);
}
