import { compileLexicon, matchLexicon, type CompiledLexicon, type Hit } from './lexicon.ts';
import { LEXICONS } from './lexicons/index.ts';
import { stopwords } from './stopwords.ts';
import { tokenize, wordFeature, type AnalysisLanguage } from './text.ts';

const COMPILED = new Map<AnalysisLanguage, CompiledLexicon>();

/** The seed lexicon of a language, compiled on first use (a tablet pays only for what it reads). */
export function seedLexicon(language: AnalysisLanguage): CompiledLexicon {
  let lexicon = COMPILED.get(language);
  if (!lexicon) {
    lexicon = compileLexicon(language, LEXICONS[language]);
    COMPILED.set(language, lexicon);
  }
  return lexicon;
}

export interface WordFeature {
  feature: string;
  /** The folded word, for the linear model's character n-grams. */
  word: string;
  surface: string;
  order: number;
}

export interface Analysis {
  hits: Hit[];
  /** Content words as model features (stemmed; function words left out), first occurrence each. */
  words: WordFeature[];
}

export function analyze(text: string, language: AnalysisLanguage, lexicon: CompiledLexicon = seedLexicon(language)): Analysis {
  const tokens = tokenize(text, language);
  const hits = matchLexicon(text, tokens, lexicon);
  const stop = stopwords(language);
  const minLength = language === 'ar' ? 2 : 3;
  const seen = new Set<string>();
  const words: WordFeature[] = [];
  tokens.forEach((token, order) => {
    if (stop.has(token.word) || /^\p{N}+$/u.test(token.word)) return;
    const feature = wordFeature(token.word, language);
    if (feature.length < minLength || seen.has(feature)) return;
    seen.add(feature);
    words.push({ feature, word: token.word, surface: token.surface, order });
  });
  return { hits, words };
}

/**
 * What the model counts for a text: the seed-lexicon entries found (ids start with "~") and the
 * content words. Lexicon ids let moderators' tags re-weigh a known cue ("Sprachcafé" → leisure);
 * words let the model pick up cues the lexicon lacks.
 */
export function modelFeatures(text: string, language: AnalysisLanguage): string[] {
  const { hits, words } = analyze(text, language);
  return [...new Set([...hits.map((hit) => hit.id), ...words.map((word) => word.feature)])];
}
