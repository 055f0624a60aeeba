/** One query-string parameter (e.g. the record a drawer shows), set without losing the page or filters. */
import { useSearchParams } from 'react-router';

export function useUrlParam(name: string): [string | undefined, (value?: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = (value?: string) => {
    const p = new URLSearchParams(params);
    if (value) p.set(name, value); else p.delete(name);
    setParams(p);
  };
  return [params.get(name) ?? undefined, set];
}
