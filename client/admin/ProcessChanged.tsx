import { useState } from 'preact/hooks';
import type { AdminProcess, ProcessStructure } from '../../shared/api/process-admin.ts';
import { ApiError, call } from '../api.ts';
import { ClashList, ConflictNotice } from '../ui/ConflictNotice.tsx';
import { germanDate } from '../ui/format.ts';
import { staffText } from '../ui/labels.ts';
import { rebase } from '../ui/rebase.ts';
import { t, type MessageKey } from './messages.ts';

/** The server refused a save because the process was saved since the page loaded it (`409 process_changed`). */
function isProcessChanged(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'process_changed';
}

/** Each part of a process's structure as the notice names it. */
const FIELD_NAMES: Record<keyof ProcessStructure, MessageKey> = {
  title: 'processChanged.field.title',
  description: 'processChanged.field.description',
  city: 'processChanged.field.city',
  languages: 'processChanged.field.languages',
  phases: 'processChanged.field.phases',
  currentPhase: 'processChanged.field.currentPhase',
  fieldsOfAction: 'processChanged.field.fieldsOfAction',
  districts: 'processChanged.field.districts',
  opensOn: 'processChanged.field.opensOn',
  closesOn: 'processChanged.field.closesOn',
  suppressionThreshold: 'processChanged.field.suppressionThreshold',
  retentionUntil: 'processChanged.field.retentionUntil',
};

/** What is stored in a part both changed, in a few words; `null` for lists, which say only that another version is stored. */
function storedValue(key: keyof ProcessStructure, current: ProcessStructure): string | null {
  switch (key) {
    case 'title':
    case 'description':
    case 'city':
      return staffText(current[key]);
    case 'currentPhase': {
      const phase = current.phases[current.currentPhase - 1];
      return phase ? `${current.currentPhase}: ${staffText(phase.title)}` : String(current.currentPhase);
    }
    case 'opensOn':
    case 'closesOn':
    case 'retentionUntil':
      return current[key] ? germanDate(current[key]) : '';
    case 'suppressionThreshold':
      return String(current.suppressionThreshold);
    default:
      return null;
  }
}

/** A part both changed, as the notice lists it: its name and, where it is short, what is stored. */
function clashText(key: keyof ProcessStructure, current: ProcessStructure): string {
  const field = t(FIELD_NAMES[key]);
  const value = storedValue(key, current);
  return value === null ? t('processChanged.storedOther', { field }) : t('processChanged.storedIs', { field, value: value.trim() || t('processChanged.storedEmpty') });
}

/** Where a refused save stands: refused (the input kept, maybe a failed load), or the current state loaded under it. */
type Conflict = { kind: 'refused'; failed: boolean } | { kind: 'loaded'; clashes: string[] };

/**
 * A page's edit of a process over a refused save (`409 process_changed`: saved since on the other
 * page or by another admin). `refused` tells a caught error that is this conflict, and the input
 * stays in the form; `notice` says so and offers „Aktuellen Stand laden“, which loads the process,
 * puts the admin's changes since `base` (the process as the page loaded or last saved it) over the
 * stored state (`rebase`: per field, texts per language, lists per entry), hands both to `onLoaded`
 * (the page takes the new revision) and names the parts both changed.
 */
export function useRefusedProcessSave<Draft extends Partial<ProcessStructure>>(spec: {
  slug: string;
  base: AdminProcess | null;
  toDraft: (process: AdminProcess) => Draft;
  onLoaded: (current: AdminProcess, draft: Draft) => void;
}) {
  const [conflict, setConflict] = useState<Conflict | null>(null);
  /** True when a save's error is the refusal, which the notice then says. */
  const refused = (err: unknown) => {
    const is = isProcessChanged(err);
    if (is) setConflict({ kind: 'refused', failed: false });
    return is;
  };
  const loadCurrent = async (draft: Draft) => {
    if (!spec.base) return;
    const base = spec.toDraft(spec.base);
    try {
      const current = await call('GET /api/admin/processes/:slug', { params: { slug: spec.slug } });
      const stored = spec.toDraft(current);
      const { draft: next, clashes } = rebase(base, draft, stored);
      spec.onLoaded(current, next);
      setConflict({ kind: 'loaded', clashes: clashes.map((key) => clashText(key as keyof ProcessStructure, current.structure)) });
    } catch {
      setConflict({ kind: 'refused', failed: true });
    }
  };
  const notice = (draft: Draft) => {
    if (conflict?.kind === 'refused') {
      return (
        <ConflictNotice message={t('processChanged.message')} action={t('processChanged.reload')} onAction={() => void loadCurrent(draft)}>
          <p>{t('processChanged.inputKept')}</p>
          {conflict.failed && <p>{t('processChanged.loadFailed')}</p>}
        </ConflictNotice>
      );
    }
    if (conflict?.kind !== 'loaded') return null;
    return (
      <ConflictNotice message={t('processChanged.loaded')}>
        <ClashList intro={t('processChanged.bothChanged')} clashes={conflict.clashes} />
      </ConflictNotice>
    );
  };
  return { refused, notice, clear: () => setConflict(null) };
}
