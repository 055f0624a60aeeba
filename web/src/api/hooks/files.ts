/** Binary responses (photos, PDFs) are fetched as blobs with the session cookie, then shown or saved. */
import { useEffect, useState } from 'react';
import { ApiError } from '../client';

export async function fetchBlob(path: string): Promise<Blob> {
  const res = await fetch(`/api${path}`, { credentials: 'same-origin' });
  if (!res.ok) {
    let data: { code?: string; detail?: string } | undefined;
    try { data = await res.json(); } catch { data = undefined; }
    throw new ApiError(res.status, data?.code ?? 'HTTP_ERROR', data?.detail ?? res.statusText);
  }
  return res.blob();
}

/** An object URL for an API image (e.g. `/api/photos/:id`), revoked when the component goes. */
export function useObjectUrl(apiUrl?: string | null): { url?: string; error?: boolean } {
  const [state, setState] = useState<{ url?: string; error?: boolean }>({});
  useEffect(() => {
    if (!apiUrl) return undefined;
    let url: string | undefined;
    let alive = true;
    fetchBlob(apiUrl.replace(/^\/api/, ''))
      .then((b) => { url = URL.createObjectURL(b); if (alive) setState({ url }); else URL.revokeObjectURL(url); })
      .catch(() => { if (alive) setState({ error: true }); });
    return () => { alive = false; if (url) URL.revokeObjectURL(url); };
  }, [apiUrl]);
  return state;
}
