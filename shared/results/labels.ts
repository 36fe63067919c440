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

/** A number question's bin as a label: "18–27", or "5" for a bin of one number. */
export function binLabel(bin: { from: number; to: number }): string {
  return bin.from === bin.to ? String(bin.from) : `${bin.from}–${bin.to}`;
}
