import type { Channel, NoteKind } from '../domain.ts';
import type { Language } from '../languages.ts';
import { fillPlaceholders } from '../i18n/catalog.ts';
import results from '../i18n/results/de.json' with { type: 'json' };
import staff from '../i18n/staff/de.json' with { type: 'json' };

/**
 * German names the Auswertung page, the exports and every staff page give channels, kinds and
 * languages. The words live in the staff catalog (shared/i18n/staff/de.json, `label.*`), so a
 * translator finds them beside the rest of the staff UI; client/ui/labels.ts shows them in the
 * staff's language, the exports print these German ones.
 */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  online: staff['label.channel.online'],
  stall: staff['label.channel.stall'],
  paper: staff['label.channel.paper'],
  conference: staff['label.channel.conference'],
  workshop: staff['label.channel.workshop'],
};

export const KIND_LABELS: Readonly<Record<NoteKind, string>> = {
  idea: staff['label.kind.idea'],
  concern: staff['label.kind.concern'],
  question: staff['label.kind.question'],
  praise: staff['label.kind.praise'],
};

export const LANGUAGE_LABELS: Readonly<Record<Language, string>> = {
  de: staff['label.language.de'],
  'de-easy': staff['label.language.de-easy'],
  en: staff['label.language.en'],
  tr: staff['label.language.tr'],
  uk: staff['label.language.uk'],
  ar: staff['label.language.ar'],
  pl: staff['label.language.pl'],
  it: staff['label.language.it'],
  ru: staff['label.language.ru'],
};

export const OUTSIDE_LABEL = staff['label.outside'];
export const UNKNOWN_LABEL = staff['label.unknown'];

/**
 * How the note below speaks: German by default (the PDF), or a page's message lookup over the
 * results catalog (client/results/messages.ts). A withheld figure itself and its reasons read
 * as the charts say them (`withheldText`, `withheldReasons` in shared/results/summary.ts).
 */
export type Say = (key: 'withheld.note', params?: Record<string, string | number>) => string;
const german: Say = (key, params) => fillPlaceholders(results[key], params ?? {});

/** The explanation that goes with every "< 5". */
export function suppressionNote(threshold: number, say: Say = german): string {
  return say('withheld.note', { threshold });
}

/** The exports' row of a scale's answers that chose a step, "keine Angabe" not among them (the tables and the PDF). */
export const CHOSEN_A_STEP = 'beantwortet mit einer Stufe';

/** A number question's bin as a label: "18–27", or "5" for a bin of one number. */
export function binLabel(bin: { from: number; to: number }): string {
  return bin.from === bin.to ? String(bin.from) : `${bin.from}–${bin.to}`;
}
