import { expect, it } from 'vitest';
import { textsIssues } from '../../client/admin/SurveyTextsEditor.tsx';
import { SURVEY_TEXTS } from '../../db/seed/default-survey.ts';
import { MAX_SURVEY_PROSE_PARAGRAPHS } from '../../shared/survey/definition.schema.ts';

it('names a text block with more paragraphs than the server takes (saved before the limit), so saving waits', () => {
  expect(textsIssues(SURVEY_TEXTS)).toEqual([]);
  const paragraphs = Array.from({ length: MAX_SURVEY_PROSE_PARAGRAPHS + 1 }, (_, i) => ({ de: `Absatz ${i + 1}` }));
  const issues = textsIssues({ ...SURVEY_TEXTS, privacy: { ...SURVEY_TEXTS.privacy, paragraphs } });
  expect(issues).toEqual([`Datenschutzhinweis: ${MAX_SURVEY_PROSE_PARAGRAPHS + 1} Absätze, höchstens ${MAX_SURVEY_PROSE_PARAGRAPHS} sind möglich. Bitte Absätze zusammenfassen oder entfernen.`]);
  expect(textsIssues({ ...SURVEY_TEXTS, privacy: { ...SURVEY_TEXTS.privacy, paragraphs: paragraphs.slice(1) } })).toEqual([]);
});
