import type { DbOrTx } from '../../../db/index.ts';
import { stadtteilToStore, type Channel, type NoteKind, type TagSource } from '../../../shared/domain.ts';
import type { Language } from '../../../shared/languages.ts';
import { maskPersonalData } from '../../../shared/privacy/mask.ts';
import { SUGGESTION_THRESHOLD } from '../../../shared/suggest/index.ts';
import { suggestContext, suggestFor, type SuggestContext } from '../suggest/suggest.service.ts';
import * as repo from './contributions.repo.ts';


// One suggester context per transaction and process: a 500-note batch loads the taxonomy and model once.
const contexts = new WeakMap<object, Map<string, SuggestContext>>();
function contextFor(tx: DbOrTx, processId: string): SuggestContext {
  let byProcess = contexts.get(tx);
  if (!byProcess) contexts.set(tx, (byProcess = new Map()));
  let context = byProcess.get(processId);
  if (!context) byProcess.set(processId, (context = suggestContext(tx, processId)));
  return context;
}

export interface ContributionInput {
  id: string;
  processId: string;
  channel: Channel;
  text: string;
  language: Language | null;
  capturedOn: string;
  responseId?: string | null;
  questionKey?: string | null;
  stallSessionId?: string | null;
  kind?: NoteKind | null;
  /** A Stadtteil key or a place sentinel as said; null when nobody said one. */
  stadtteilKey?: string | null;
  stadtteilSource?: TagSource | null;
  ageBand?: string | null;
  contentHash: string;
  createdBy?: number | null;
  /** Fields of action chosen by the resident (`self`) or staff at capture (`staff`). */
  fieldsOfAction: string[];
  tagSource: Extract<TagSource, 'self' | 'staff'>;
  userId?: number | null;
}

/**
 * The one way a free-text voice enters the database, whatever its channel: the original is
 * kept for admins, a masked copy (e-mails, phone numbers, IBANs, addresses) is what working
 * groups and exports see, and its tags carry who set them. A voice that nobody tagged gets the
 * suggester's fields as `suggested` tags (and a Stadtteil named in it), so it lands in the
 * moderation queue with a proposal; it is never dropped. Runs inside the caller's transaction.
 */
export function recordContribution(tx: DbOrTx, input: ContributionInput): void {
  const masked = maskPersonalData(input.text);
  const fields = [...new Set(input.fieldsOfAction)];
  // A Stadtteil someone said (`unknown` included, which is stored as NULL) is theirs; only where nobody said one does the suggester propose one.
  const said = Boolean(input.stadtteilKey);
  const suggestion = fields.length === 0 || !said ? suggestFor(contextFor(tx, input.processId), masked.text, input.language) : null;
  const stadtteilKey = said ? stadtteilToStore(input.stadtteilKey) : (suggestion?.district ?? null);
  const stadtteilSource = said ? (input.stadtteilSource ?? input.tagSource) : stadtteilKey ? 'suggested' : null;
  repo.insertContribution(tx, {
    id: input.id,
    processId: input.processId,
    channel: input.channel,
    responseId: input.responseId ?? null,
    questionKey: input.questionKey ?? null,
    stallSessionId: input.stallSessionId ?? null,
    kind: input.kind ?? null,
    text: input.text,
    maskedText: masked.text,
    language: input.language,
    stadtteilKey,
    stadtteilSource,
    ageBand: input.ageBand ?? null,
    capturedOn: input.capturedOn,
    contentHash: input.contentHash,
    createdBy: input.createdBy ?? null,
    flags: masked.masked.length > 0 ? ['personal_data_masked'] : [],
  });
  // Tags made with the voice carry its day, not a clock time: a timestamp would tell when a resident answered.
  const createdAt = input.capturedOn;
  const tags =
    fields.length > 0
      ? fields.map((fieldKey) => ({ contributionId: input.id, fieldKey, source: input.tagSource, userId: input.userId ?? null, createdAt }))
      : (suggestion?.fieldsOfAction ?? [])
          .filter((field) => field.score >= SUGGESTION_THRESHOLD)
          .slice(0, 2)
          .map((field) => ({ contributionId: input.id, fieldKey: field.key, source: 'suggested' as const, score: Math.round(field.score * 100), userId: null, createdAt }));
  repo.insertTags(tx, tags);
}
