// Tag suggester: fields of action and Stadtteil for residents' free text, in the browser
// (tablets, offline) and on the server alike. No model download, no cloud: seed lexicons per
// language plus counts learned from moderators' reviewed tags.

export { suggest, SUGGESTION_THRESHOLD } from './suggest.ts';
export type { SuggestContext } from './suggest.ts';
export { emptyModel, learn, buildModel } from './model.ts';
export type { SuggestModel } from './model.ts';
export { detectLanguage } from './detect.ts';
export { suggestRequestSchema, suggestResponseSchema, suggestModelSchema } from './schema.ts';
export { foldGerman, stemGerman } from './text.ts';
