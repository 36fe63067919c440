import type { Channel, NoteKind } from '../domain.ts';
import type { Language } from '../languages.ts';

/** German names the Auswertung page and the exports give channels, kinds and languages. */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  online: 'Online-Befragung',
  stall: 'Marktstand',
  paper: 'Papierfragebogen',
  conference: 'Integrationskonferenz',
  workshop: 'Arbeitsgruppe',
};

export const KIND_LABELS: Readonly<Record<NoteKind, string>> = { idea: 'Idee', concern: 'Anliegen', question: 'Frage', praise: 'Lob' };

export const LANGUAGE_LABELS: Readonly<Record<Language, string>> = {
  de: 'Deutsch',
  'de-easy': 'Leichte Sprache',
  en: 'Englisch',
  tr: 'Türkisch',
  uk: 'Ukrainisch',
  ar: 'Arabisch',
  pl: 'Polnisch',
  it: 'Italienisch',
  ru: 'Russisch',
};

export const OUTSIDE_LABEL = 'außerhalb der Stadt';
export const UNKNOWN_LABEL = 'ohne Angabe';

/** The explanation that goes with every "< 5". */
export function suppressionNote(threshold: number): string {
  return (
    `„< ${threshold}“ heißt: weniger als ${threshold} Stimmen, oder eine Zahl, aus der sich zusammen mit den Summen eine so kleine Zahl ` +
    `errechnen ließe. Solche Zahlen werden nicht genannt, damit niemand erkennbar wird.`
  );
}

/**
 * How a withheld figure reads in a table or beside a bar: "< 5" when it is under the threshold,
 * "verdeckt" when it was withheld only so that a small one cannot be computed from the sums
 * (it may be large, so "< 5" would be wrong). Without a reason (older tables), "< 5".
 */
export function withheldText(reason: 'below_threshold' | 'secondary' | undefined, threshold: number): string {
  return reason === 'secondary' ? 'verdeckt' : `< ${threshold}`;
}

/** The reasons a figure is withheld, one sentence each, for the note beside a table; `unit` is what is counted. */
export function withheldReasons(threshold: number, unit = 'Personen'): { below_threshold: string; secondary: string } {
  return {
    below_threshold: `„< ${threshold}“: weniger als ${threshold} ${unit}; die Zahl wird nicht genannt, damit niemand erkennbar wird.`,
    secondary: `„verdeckt“: die Zahl ließe zusammen mit den Summen eine Zahl unter ${threshold} errechnen; sie wird darum ebenfalls nicht genannt.`,
  };
}

/** A number question's bin as a label: "18–27", or "5" for a bin of one number. */
export function binLabel(bin: { from: number; to: number }): string {
  return bin.from === bin.to ? String(bin.from) : `${bin.from}–${bin.to}`;
}
