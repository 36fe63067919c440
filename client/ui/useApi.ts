import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type CallArgs, type CallInput } from '../api.ts';
import { pathTo } from '../../shared/api/path.ts';
import type { RouteInput, RouteKey, RouteOutput } from '../../shared/api/routes.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** `data` is the answer to the address asked before, kept on screen while the new one loads. */
  stale: boolean;
  reload: () => void;
}

type GetKey = Extract<RouteKey, `GET ${string}`>;

/** Loads one API resource for a page (a GET of the route map), cancelling when the page goes away; `null` input waits. */
export function useApi<Key extends GetKey>(key: Key, ...[given]: object extends RouteInput<Key> ? [input?: CallInput<Key> | null] : [input: CallInput<Key> | null]): Loaded<RouteOutput<Key>> {
  const input = given === undefined ? ({} as CallInput<Key>) : given;
  const path = input === null ? null : pathTo(key, input);
  const [state, setState] = useState<{ data: RouteOutput<Key> | undefined; from: string | null; error: unknown; loading: boolean }>({ data: undefined, from: null, error: null, loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (input === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: null }));
    call(key, ...([{ ...input, signal: controller.signal }] as CallArgs<Key>)).then(
      (data) => setState({ data, from: path, error: null, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, from: path, error, loading: false });
      },
    );
    return () => controller.abort();
    // The address stands for the key and its input: a new one loads again.
  }, [path, tick]);
  const { from, ...shown } = state;
  return { ...shown, stale: shown.data !== undefined && from !== path, reload: () => setTick((n) => n + 1) };
}

/**
 * `value` as it was when the data on screen was asked for: the caption of figures still shown
 * while those for a new choice load („Eingegrenzt: …“ of the choice they were counted for, not of
 * the one just made).
 */
export function useShownFor<T>(value: T, loaded: Pick<Loaded<unknown>, 'stale'>): T {
  const kept = useRef(value);
  if (!loaded.stale) kept.current = value;
  return kept.current;
}
