/** The photo checks of one request (stored or computed on demand by the services), stale answers dropped. */
import { useEffect, useRef, useState } from 'react';
import { type PhotoChecksAnswer } from '../../../shared/schemas/photoChecks';
import { useApi } from '../../transport/ApiContext';

export interface PhotoChecksState {
  answer: PhotoChecksAnswer | null;
  loading: boolean;
  failed: boolean;
}

export function usePhotoChecks(requestId: string | null, hasPhoto: boolean): PhotoChecksState {
  const api = useApi();
  const [state, setState] = useState<{ id: string; answer: PhotoChecksAnswer | null; failed: boolean } | null>(null);
  const current = useRef<string | null>(null);

  useEffect(() => {
    current.current = requestId;
    if (!requestId || !hasPhoto) return;
    void api['photos:checks']({ requestId }).then((result) => {
      if (current.current !== requestId) return;
      setState({ id: requestId, answer: result.ok ? result.value : null, failed: !result.ok });
    });
  }, [api, requestId, hasPhoto]);

  const mine = state && state.id === requestId ? state : null;
  return {
    answer: mine?.answer ?? null,
    loading: Boolean(requestId) && hasPhoto && mine === null,
    failed: mine?.failed ?? false,
  };
}
