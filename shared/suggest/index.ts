// Tag suggester: fields of action and Stadtteil for residents' free text, in the browser
// (tablets, offline) and on the server alike. No model download, no cloud: seed lexicons per
// language plus counts learned from moderators' reviewed tags.

export { suggest, evidenceToScore, SUGGESTION_THRESHOLD } from './suggest.ts';
export type { FieldRef, FieldSuggestion, SuggestContext, SuggestResult } from './suggest.ts';
export { emptyModel, learn, buildModel, SUGGEST_MODEL_VERSION } from './model.ts';
export type { SuggestModel, LearnExample, LanguageStats, FeatureStats } from './model.ts';
export { detectDistrict } from './district.ts';
export { detectLanguage } from './detect.ts';
export type { StadtteilRef } from './district.ts';
export { suggestRequestSchema, suggestResponseSchema, suggestModelSchema } from './schema.ts';
export type { SuggestRequest, SuggestResponse } from './schema.ts';
export { foldGerman, stemGerman, tokenize, analysisLanguage } from './text.ts';
export type { AnalysisLanguage } from './text.ts';
