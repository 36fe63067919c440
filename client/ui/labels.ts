/**
 * The staff UI's words for the domain, in one place: channels, kinds, languages, age bands and
 * the place sentinels by the keys of `shared/results/labels.ts` (whose German words the
 * Auswertung's server side and the exports print), in the staff's language from the staff
 * catalog (`label.*`); the field tree and the Stadtteil names from the process, in the staff's
 * language where the process has it. Every staff page takes these words from here.
 */
import type { District, FieldOfActionNode } from '../../shared/api/processes.ts';
import type { AgeBand } from '../../shared/api/stall.ts';
import type { AggregateDimension } from '../../shared/api/results.ts';
import { CHANNELS, NOTE_KINDS, PLACE_OUTSIDE, PLACE_UNKNOWN, type Channel, type NoteKind } from '../../shared/domain.ts';
import { LANGUAGES, localize, type Language, type LocalizedText } from '../../shared/languages.ts';
import { staffLanguage } from '../i18n/staff.ts';
import { t } from './messages.ts';

export function channelLabel(channel: Channel): string {
  return t(`label.channel.${channel}`);
}

export function kindLabel(kind: NoteKind): string {
  return t(`label.kind.${kind}`);
}

export function languageLabel(language: Language): string {
  return t(`label.language.${language}`);
}

export function ageBandLabel(band: AgeBand): string {
  return t(`label.ageBand.${band}`);
}

/** "außerhalb der Stadt" */
export function outsideLabel(): string {
  return t('label.outside');
}

/** What staff pages say wherever the population figures are unchecked example figures. */
export function unverifiedPopulationNote(): string {
  return t('populationNote.unverified');
}

/** "ohne Angabe" */
export function unknownLabel(): string {
  return t('label.unknown');
}

/** A process's own text (a field's, a status's, a title) in the staff's language where the process has it, else German. */
export function staffText(text: LocalizedText): string {
  return localize(text, staffLanguage.value);
}

export interface FieldOption {
  key: string;
  label: string;
  /** 0 for a top-level field, 1 for its children. */
  depth: number;
}

/** Every field of action, children after their parent, with its label in the staff's language and its depth. */
export function flattenFields(nodes: readonly FieldOfActionNode[], depth = 0): FieldOption[] {
  return nodes.flatMap((node) => [{ key: node.key, label: staffText(node.label), depth }, ...flattenFields(node.children ?? [], depth + 1)]);
}

/** The Stadtteil names of a process by key. */
export function stadtteilNames(districts: readonly District[]): Map<string, string> {
  return new Map(districts.flatMap((district) => district.stadtteile.map((stadtteil) => [stadtteil.key, stadtteil.name] as const)));
}

/** How a staff page names a place: the Stadtteil's name, "außerhalb der Stadt", or null when it is not known. */
export function placeName(key: string | null, names: ReadonlyMap<string, string>): string | null {
  if (!key || key === PLACE_UNKNOWN) return null;
  if (key === PLACE_OUTSIDE) return outsideLabel();
  return names.get(key) ?? key;
}

/**
 * A value of a results dimension as staff read it: channels, kinds, languages and the place
 * sentinels in the staff's language by their key; a district's, Stadtteil's or field's name,
 * which the process gives, as the server sent it.
 */
export function dimensionValueLabel(dimension: AggregateDimension, value: { key: string; label: string }): string {
  if (value.key === PLACE_OUTSIDE) return outsideLabel();
  if (value.key === PLACE_UNKNOWN) return unknownLabel();
  if (dimension === 'channel' && (CHANNELS as readonly string[]).includes(value.key)) return channelLabel(value.key as Channel);
  if (dimension === 'kind' && (NOTE_KINDS as readonly string[]).includes(value.key)) return kindLabel(value.key as NoteKind);
  if (dimension === 'language' && (LANGUAGES as readonly string[]).includes(value.key)) return languageLabel(value.key as Language);
  return value.label;
}
