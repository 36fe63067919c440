import type { LexiconSource } from '../lexicon.ts';
import type { AnalysisLanguage } from '../text.ts';
import { AR } from './ar.ts';
import { DE } from './de.ts';
import { EN } from './en.ts';
import { IT } from './it.ts';
import { PL } from './pl.ts';
import { RU } from './ru.ts';
import { TR } from './tr.ts';
import { UK } from './uk.ts';

/** Seed lexicons for the default process's field keys, one per analysis language. */
export const LEXICONS: Record<AnalysisLanguage, LexiconSource> = { de: DE, en: EN, tr: TR, uk: UK, ar: AR, pl: PL, it: IT, ru: RU };
