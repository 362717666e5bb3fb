/**
 * The selected request's detail and photo, read together when the selection changes. Answers for a
 * request that is no longer selected are dropped (fast j/k must not flash an older request).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type z } from 'zod';
import { type PhotoData, type RequestDetail } from '../../../shared/ipc/contract';
import { type IpcError } from '../../../shared/ipc/result';
import { useApi } from '../../transport/ApiContext';

export type Photo = z.infer<typeof PhotoData>;

export interface RequestDetailState {
  detail: RequestDetail | null;
  photo: Photo | null;
  photoLoading: boolean;
  error: IpcError | null;
  refresh: () => Promise<void>;
}

export function useRequestDetail(requestId: string | null): RequestDetailState {
  const api = useApi();
  const [detail, setDetail] = useState<RequestDetail | null>(null);
  const [photo, setPhoto] = useState<{ requestId: string; data: Photo | null } | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const current = useRef<string | null>(null);

  const fetchBoth = useCallback(
    async (id: string, withPhoto: boolean) => {
      const photoCall = withPhoto ? api['photos:get']({ requestId: id }) : null;
      const detailResult = await api['requests:detail']({ requestId: id });
      return { id, detailResult, photoResult: photoCall ? await photoCall : null };
    },
    [api],
  );

  const apply = useCallback(({ id, detailResult, photoResult }: Awaited<ReturnType<typeof fetchBoth>>) => {
    if (current.current !== id) return;
    if (detailResult.ok) {
      setDetail(detailResult.value);
      setError(null);
    } else {
      setDetail(null);
      setError(detailResult.error);
    }
    if (photoResult) setPhoto({ requestId: id, data: photoResult.ok ? photoResult.value : null });
  }, []);

  useEffect(() => {
    current.current = requestId;
    if (!requestId) return;
    // The previous request stays on screen until the next one arrives: no blank flash on j/k.
    void fetchBoth(requestId, true).then(apply);
  }, [requestId, fetchBoth, apply]);

  const refresh = useCallback(async () => {
    if (current.current) apply(await fetchBoth(current.current, false));
  }, [fetchBoth, apply]);

  const shown = requestId && detail?.request.id === requestId ? detail : null;
  const shownPhoto = photo && photo.requestId === requestId ? photo.data : null;
  return {
    detail: shown,
    photo: shown ? shownPhoto : null,
    photoLoading: Boolean(requestId) && photo?.requestId !== requestId,
    error: requestId ? error : null,
    refresh,
  };
}
