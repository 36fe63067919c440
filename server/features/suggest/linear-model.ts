// The shipped linear model of the suggester (shared/suggest/linear.ts), written by
// `npm run suggest:train`. Read once when the app starts; the tablet fetches the same file as a
// hashed asset (client/stall/linear-model.ts). A missing or unreadable file leaves the lexicon and
// the taught model to suggest alone, as before the model existed.

import { readFileSync } from 'node:fs';
import { fromRoot } from '../../../db/root.ts';
import { decodeLinearModel, type LinearModel } from '../../../shared/suggest/linear.ts';

export const LINEAR_MODEL_PATH = fromRoot('shared', 'suggest', 'linear-model.json');

let loaded: Readonly<LinearModel> | null | undefined;

/**
 * The model, read on first use (the suggest routes ask for it when the app starts). Frozen at
 * the top level only: the cached suggest context freezes deeply, which a typed array refuses.
 */
export function shippedLinearModel(): Readonly<LinearModel> | null {
  if (loaded === undefined) {
    let model: LinearModel | null = null;
    try {
      model = decodeLinearModel(JSON.parse(readFileSync(LINEAR_MODEL_PATH, 'utf8')));
    } catch {
      // No file or not JSON: the lexicon and the taught model suggest alone.
    }
    loaded = model ? Object.freeze(model) : null;
  }
  return loaded;
}
