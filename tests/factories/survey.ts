import { randomUUID } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/** A resident's complete, valid answers to the default survey (in Turkish, from Gronau). */
export function goodAnswers(): Record<string, unknown> {
  return {
    'work-situation': 4,
    'work-support': ['recognition', { other: 'Mentoring für Gründerinnen' }],
    'work-idea': 'Mehr Sprachcafés am Abend, auch für Berufstätige.',
    'education-situation': null,
    'school-children': 'yes',
    'school-support': ['language-support', 'parent-teacher'],
    priorities: ['bildung', 'arbeit'],
    'living-together': 'Nachbarschaftsfeste verbinden die Menschen.',
    district: 'gronau',
    'age-band': '30-49',
  };
}

/** A submission to the default survey as a phone sends it, answered slowly enough, without a proof of work; fills in the rest. */
export function buildSubmission(overrides: Record<string, unknown> = {}) {
  return { id: randomUUID(), surveyVersion: 1, language: 'tr', answers: goodAnswers(), elapsedMs: 95_000, website: '', ...overrides };
}

/** What a phone sends as `altcha` for a challenge the server gave it: the challenge and its solution, base64 JSON. */
export async function solvePow(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the proof of work found no solution');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}
