import PDFDocument from 'pdfkit';
import type { SurveyDistrict } from '../../../shared/api/survey.ts';
import { htmlLang, localize, textDirection, type Language, type LocalizedText } from '../../../shared/languages.ts';
import type { SurveyDefinition, SurveyQuestion, SurveyTexts } from '../../../shared/survey/definition.ts';
import { onlyIfSentence, questionNumbers, skipInstructions, skipSentence, stadtteileInPrintOrder } from '../../../shared/survey/paper.ts';
import { finishedPdf, registerFonts, type FontName } from '../../pdf/fonts.ts';
import { drawQrCode } from '../../pdf/qr.ts';
import { drawLine, layoutLines, type Direction } from '../../pdf/text.ts';
import { paperPlural, paperText, questionnairePhrase } from './paper.catalog.ts';

/**
 * The printable questionnaire: one published survey version in one language on A4, for people who
 * do not answer online. Every question type has a paper form (boxes to tick, a row of scale steps
 * with "keine Angabe", numbered boxes for a ranking, ruled lines for free text, boxes for the
 * digits of a number, the Stadtteile to tick in alphabetical order); what the phone hides, the paper says in words
 * (shared/survey/paper.ts). A right-to-left language mirrors the page: numbers and boxes stand on
 * the right, and every line goes through the bidirectional layout of server/pdf/text.ts, whose
 * fontkit shaping joins the Arabic letters. Each page carries the version, "page x of y" and a
 * QR code that opens paper entry for this version on the stall tablet.
 */

export interface QuestionnaireInput {
  processTitle: LocalizedText;
  version: number;
  definition: SurveyDefinition;
  texts: SurveyTexts;
  districts: SurveyDistrict[];
  language: Language;
  large: boolean;
  /** The full address the QR code on every page opens: the tablet's paper entry for this version and language. */
  entryAddress: string;
}

interface Style {
  font: FontName;
  size: number;
  color: string;
}

/**
 * Body text of Leichte Sprache in points at least: its rules ask for 14 pt and more with wide line
 * spacing (Bredel & Maaß, Leichte Sprache, 2016), so its questionnaire is never set at the 11 pt
 * of the others.
 */
export const EASY_LANGUAGE_MIN_BODY_PT = 14;
const BODY_PT = 11;

/**
 * Sizes in points; large print follows the usual advice for low vision (16 pt and up, generous
 * spacing); Leichte Sprache is set at 14 pt and up with wider lines in either.
 */
function styles(large: boolean, language: Language) {
  const scale = large ? 1.45 : language === 'de-easy' ? EASY_LANGUAGE_MIN_BODY_PT / BODY_PT : 1;
  const style = (font: FontName, size: number, color = '#000000'): Style => ({ font, size: size * scale, color });
  return {
    title: style('bold', 20),
    subtitle: style('body', 12, '#222222'),
    section: style('bold', 14.5),
    question: style('bold', 11.5),
    body: style('body', BODY_PT),
    // What to tick and how much to write is read as closely as the question in Leichte Sprache: no smaller print.
    hint: style('body', language === 'de-easy' ? BODY_PT : 9.5, '#333333'),
    skip: style('bold', 10.5),
    footer: style('body', 8.5, '#333333'),
    box: 11 * scale,
    numberColumn: 26 * scale,
    qr: large ? 76 : 64,
    /** Line height as a share of the font's own: Leichte Sprache asks for about 1.5 lines. */
    leading: language === 'de-easy' ? 1.3 : 1.1,
  };
}

/** Something with a height that draws itself with its top at `y`. */
interface Block {
  height: number;
  draw: (y: number) => void;
}

const GAP = 6;

export function writeQuestionnaire(input: QuestionnaireInput): Uint8Array {
  const { language, large, definition, texts } = input;
  const s = styles(large, language);
  const direction: Direction = textDirection(language);
  const phrase = questionnairePhrase(language);
  const t = (key: string, params?: Record<string, string | number>) => paperText(language, `questionnaire.${key}`, params);
  const atMost = (key: 'atMost' | 'textLimit', max: number) => paperPlural(language, `questionnaire.${key}`, max, { max });
  const local = (text: LocalizedText) => localize(text, language);
  const title = `${local(input.processTitle)}: ${t('title')}`;
  const footerSpace = s.qr + 28;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: footerSpace, left: 48, right: 48 },
    bufferPages: true,
    lang: htmlLang(language),
    displayTitle: true,
    info: { Title: title, Author: 'Mitreden', Subject: `${t('title')} · ${input.version}` },
  });
  registerFonts(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  /** The x of something `offset` from the start of the line (the right edge in right-to-left). */
  const at = (offset: number, size: number) => (direction === 'rtl' ? left + width - offset - size : left + offset);

  const use = (style: Style) => doc.font(style.font).fontSize(style.size).fillColor(style.color);
  const lineHeight = (style: Style) => {
    use(style);
    return doc.currentLineHeight(true) * s.leading;
  };
  /** A text block `offset` from the start, `size` wide. */
  const textBlock = (text: string, style: Style, offset = 0, size = width - offset, align: Direction | 'center' = direction): Block => {
    use(style);
    const lines = layoutLines(doc, text, size, direction);
    const step = lineHeight(style);
    return {
      height: lines.length * step,
      draw: (y) => {
        use(style);
        lines.forEach((line, index) => drawLine(doc, line, at(offset, size), y + index * step, size, align));
      },
    };
  };
  const box = (x: number, y: number, size = s.box, boxWidth = size) => {
    doc.save().lineWidth(large ? 1.4 : 1).strokeColor('#000000').rect(x, y, boxWidth, size).stroke().restore();
  };
  /** A box to tick with its label beside it, at `offset` from the start within `size`. */
  const choice = (label: string, offset: number, size: number, boxWidth = s.box): Block => {
    const labelOffset = offset + boxWidth + GAP;
    const text = textBlock(label, s.body, labelOffset, size - boxWidth - GAP);
    const first = lineHeight(s.body);
    return {
      height: Math.max(text.height, s.box + 2) + GAP / 2,
      draw: (y) => {
        box(at(offset, boxWidth), y + (first - s.box) / 2 - 1, s.box, boxWidth);
        text.draw(y);
      },
    };
  };
  /** Cells side by side in `columns` equal columns (start to end), one block per row. */
  const grid = (cells: Array<(offset: number, size: number) => Block>, columns: number, offset: number): Block[] => {
    const size = (width - offset) / columns;
    const rows: Block[] = [];
    for (let start = 0; start < cells.length; start += columns) {
      const row = cells.slice(start, start + columns).map((cell, index) => cell(offset + index * size, size - GAP));
      rows.push({ height: Math.max(...row.map((block) => block.height)), draw: (y) => row.forEach((block) => block.draw(y)) });
    }
    return rows;
  };
  /** Cells in `columns` columns read down each column first, as a list in order is read on paper (the first column holds A, B, …). */
  const gridDown = (cells: Array<(offset: number, size: number) => Block>, columns: number, offset: number): Block[] => {
    const rows = Math.ceil(cells.length / columns);
    const byRows = Array.from({ length: rows }, (_, row) => Array.from({ length: columns }, (_, column) => cells[column * rows + row]));
    const size = (width - offset) / columns;
    return byRows.map((row) => {
      const blocks = row.flatMap((cell, column) => (cell ? [cell(offset + column * size, size - GAP)] : []));
      return { height: Math.max(...blocks.map((block) => block.height)), draw: (y: number) => blocks.forEach((block) => block.draw(y)) };
    });
  };
  const spacer = (height: number): Block => ({ height, draw: () => {} });

  let y = doc.page.margins.top;
  const newPage = () => {
    doc.addPage();
    y = doc.page.margins.top;
  };
  /** Draws blocks in order, on a new page first when all of them fit on one but not on this one; a page break between blocks otherwise. */
  const place = (blocks: Block[], keepTogether = true) => {
    const total = blocks.reduce((sum, block) => sum + block.height, 0);
    if (keepTogether && y + total > bottom() && total <= bottom() - doc.page.margins.top) newPage();
    for (const block of blocks) {
      if (y + block.height > bottom() && y > doc.page.margins.top) newPage();
      block.draw(y);
      y += block.height;
    }
  };

  // The first page: what this is and how to fill it in.
  place([
    textBlock(local(input.processTitle), s.subtitle),
    spacer(4),
    textBlock(t('title'), s.title),
    spacer(GAP * 1.5),
    textBlock(t('howTo'), s.body),
    spacer(GAP / 2),
    textBlock(t('anonymous'), s.body),
    spacer(GAP / 2),
    textBlock(t('returnIt'), s.body),
    spacer(GAP * 2),
  ]);

  const numbers = questionNumbers(definition);
  const numberColumn = s.numberColumn;
  const otherLabel = local(texts.labels.other);
  for (const section of definition.sections) {
    const heading = [textBlock(local(section.title), s.section), spacer(GAP)];
    if (section.intro) heading.push(textBlock(local(section.intro), s.body), spacer(GAP));
    const questions = section.questions.map((question) => questionBlocks(question));
    // A section's heading stays with its first question.
    place([spacer(GAP), ...heading, ...(questions[0] ?? [])]);
    for (const blocks of questions.slice(1)) place(blocks);
  }
  place([spacer(GAP * 2), textBlock(t('thanks'), s.section), spacer(GAP / 2), textBlock(t('returnIt'), s.body)]);

  function questionBlocks(question: SurveyQuestion): Block[] {
    const number = `${numbers.get(question.key)}.`;
    const heading = textBlock(local(question.title), s.question, numberColumn);
    const blocks: Block[] = [
      {
        height: heading.height + 2,
        draw: (top) => {
          use(s.question);
          const [line] = layoutLines(doc, number, numberColumn, direction);
          if (line) drawLine(doc, line, at(0, numberColumn), top, numberColumn, direction);
          heading.draw(top);
        },
      },
    ];
    const hint = (text: string) => blocks.push(textBlock(text, s.hint, numberColumn));
    // When to answer comes first: someone who skips it has nothing more to read here.
    const onlyIf = onlyIfSentence(question, definition, language, phrase);
    if (onlyIf) blocks.push(spacer(2), textBlock(onlyIf, s.skip, numberColumn));
    if (question.help) hint(local(question.help));
    blocks.push(spacer(GAP / 2));
    const answerWidth = width - numberColumn;
    const columnsFor = (labels: string[]) => {
      use(s.body);
      const longest = Math.max(...labels.map((label) => doc.widthOfString(label)));
      const fits = (columns: number) => longest + s.box + 2 * GAP <= answerWidth / columns;
      return labels.length >= 6 && fits(3) ? 3 : labels.length >= 4 && fits(2) ? 2 : 1;
    };
    const otherRow = (): Block => {
      const label = `${otherLabel}:`;
      const tick = choice(label, numberColumn, answerWidth);
      use(s.body);
      const lineStart = numberColumn + s.box + GAP * 2 + doc.widthOfString(label);
      return {
        height: tick.height + GAP,
        draw: (top) => {
          tick.draw(top);
          const baseline = top + lineHeight(s.body);
          const from = at(lineStart, width - lineStart);
          doc.save().lineWidth(0.6).strokeColor('#555555').moveTo(from, baseline).lineTo(from + width - lineStart, baseline).stroke().restore();
        },
      };
    };
    switch (question.type) {
      case 'single':
      case 'multi': {
        // A help text ("Mehrere Antworten möglich.") may say how many already; a limit is said all the same.
        if (question.type === 'single') hint(t('oneCross'));
        else if (question.maxSelected) hint(question.help ? atMost('atMost', question.maxSelected) : `${t('manyCrosses')} ${atMost('atMost', question.maxSelected)}`);
        else if (!question.help) hint(t('manyCrosses'));
        const labels = question.options.map((option) => local(option.label));
        blocks.push(spacer(GAP / 2), ...grid(labels.map((label) => (offset, size) => choice(label, offset, size)), columnsFor(labels), numberColumn));
        if (question.allowOther) blocks.push(otherRow());
        for (const instruction of skipInstructions(question, definition, language, otherLabel)) {
          blocks.push(spacer(2), textBlock(skipSentence(instruction, language, phrase), s.skip, numberColumn));
        }
        break;
      }
      case 'scale': {
        const { min, max, minLabel, maxLabel, allowNoAnswer } = question.scale;
        hint(`${t('oneCross')} ${min} = ${local(minLabel)} · ${max} = ${local(maxLabel)}`);
        const cell = Math.min(48 * (large ? 1.3 : 1), (answerWidth - (allowNoAnswer ? 150 : 0)) / (max - min + 1));
        const numberHeight = lineHeight(s.body);
        const noAnswer = local(texts.labels.noAnswer);
        const noAnswerOffset = numberColumn + cell * (max - min + 1) + GAP * 3;
        const noAnswerText = textBlock(noAnswer, s.body, noAnswerOffset + s.box + GAP, width - noAnswerOffset - s.box - GAP);
        blocks.push({
          height: numberHeight + s.box + GAP * 2,
          draw: (top) => {
            use(s.body);
            for (let step = min; step <= max; step += 1) {
              const offset = numberColumn + (step - min) * cell;
              const [line] = layoutLines(doc, String(step), cell, direction);
              if (line) drawLine(doc, line, at(offset, cell), top, cell, 'center');
              box(at(offset + (cell - s.box) / 2, s.box), top + numberHeight);
            }
            if (allowNoAnswer) {
              box(at(noAnswerOffset, s.box), top + numberHeight);
              noAnswerText.draw(top + numberHeight - (lineHeight(s.body) - s.box) / 2);
            }
          },
        });
        break;
      }
      case 'ranking': {
        const places = question.maxRanked ?? question.options.length;
        hint(places < question.options.length ? `${t('rank')} ${t('rankAtMost', { max: places })}` : t('rank'));
        const labels = question.options.map((option) => local(option.label));
        blocks.push(spacer(GAP / 2), ...labels.map((label) => choice(label, numberColumn, answerWidth, s.box * 1.8)));
        break;
      }
      case 'text': {
        if (question.maxLength) hint(atMost('textLimit', question.maxLength));
        const lines = Math.min(8, Math.max(3, Math.ceil((question.maxLength ?? 400) / 90))) + (large ? 1 : 0);
        const step = lineHeight(s.body) * 1.7;
        for (let index = 0; index < lines; index += 1) {
          blocks.push({
            height: step,
            draw: (top) => {
              const from = at(numberColumn, answerWidth);
              doc.save().lineWidth(0.6).strokeColor('#555555').moveTo(from, top + step - 3).lineTo(from + answerWidth, top + step - 3).stroke().restore();
            },
          });
        }
        break;
      }
      case 'number': {
        hint(question.min !== undefined && question.max !== undefined ? t('numberRange', { min: question.min, max: question.max }) : t('number'));
        const digits = Math.max(2, String(question.max ?? 999).length, String(question.min ?? 0).length);
        const size = s.box * 1.9;
        blocks.push({
          height: size + GAP * 2,
          draw: (top) => {
            for (let digit = 0; digit < digits; digit += 1) box(at(numberColumn + digit * (size + 3), size), top + GAP / 2, size);
          },
        });
        break;
      }
      case 'stadtteil': {
        hint(t('stadtteil'));
        // The page names no Stadtbezirke, so the Stadtteile stand in the alphabet's order (their own
        // German names), down the columns; „außerhalb“ and „weiß nicht“ follow in a row of their own.
        const names = stadtteileInPrintOrder(input.districts).map((stadtteil) => stadtteil.name);
        const columns = large ? 2 : 3;
        const tick = (label: string) => (offset: number, size: number) => choice(label, offset, size);
        blocks.push(
          spacer(GAP / 2),
          ...gridDown(names.map(tick), columns, numberColumn),
          spacer(GAP / 2),
          ...grid([local(texts.labels.stadtteilOutside), local(texts.labels.stadtteilUnknown)].map(tick), columns, numberColumn),
        );
        break;
      }
    }
    blocks.push(spacer(GAP * 2.5));
    return blocks;
  }

  // Footers last, when the number of pages is known: version, page x of y, and the code for the stall tablet.
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index += 1) {
    doc.switchToPage(range.start + index);
    const margins = doc.page.margins;
    const keep = margins.bottom;
    margins.bottom = 0;
    const top = doc.page.height - keep + 14;
    drawQrCode(doc, input.entryAddress, at(width - s.qr, s.qr), top, s.qr);
    // The code is for staff, not for residents' phones (it opens the stall's sign-in): the line beside it says so.
    const footer = textBlock(
      `${t('footer', { version: input.version, page: index + 1, pages: range.count })}\n${t('staffCode')}`,
      s.footer,
      0,
      width - s.qr - GAP * 2,
    );
    footer.draw(top + s.qr / 2 - footer.height / 2);
    margins.bottom = keep;
  }
  return finishedPdf(doc);
}
