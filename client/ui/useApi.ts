import { useEffect, useState } from 'preact/hooks';
import { call, type CallArgs, type CallInput } from '../api.ts';
import { pathTo } from '../../shared/api/path.ts';
import type { RouteInput, RouteKey, RouteOutput } from '../../shared/api/routes.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

type GetKey = Extract<RouteKey, `GET ${string}`>;

/** Loads one API resource for a page (a GET of the route map), cancelling when the page goes away; `null` input waits. */
export function useApi<Key extends GetKey>(key: Key, ...[given]: object extends RouteInput<Key> ? [input?: CallInput<Key> | null] : [input: CallInput<Key> | null]): Loaded<RouteOutput<Key>> {
  const input = given === undefined ? ({} as CallInput<Key>) : given;
  const path = input === null ? null : pathTo(key, input);
  const [state, setState] = useState<{ data: RouteOutput<Key> | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (input === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: null }));
    call(key, ...([{ ...input, signal: controller.signal }] as CallArgs<Key>)).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
    // The address stands for the key and its input: a new one loads again.
  }, [path, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}
