/**
 * The photo viewer: the photo large, zoom (buttons, + / − / 0, mouse wheel) and pan (drag, arrow
 * keys), the ID-photo template overlay toggled by a switch or `g`, the checklist beside it, and for
 * a returning student the previous photo side by side — for the human eye only, the app never
 * compares faces.
 */
import { Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import {
  type KeyboardEvent,
  type PointerEvent,
  type WheelEvent,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { type PhotoData } from '../../../shared/ipc/contract';
import { type PhotoChecksAnswer } from '../../../shared/schemas/photoChecks';
import { type z } from 'zod';
import { fr } from '../../i18n/fr';
import { formatNumber } from '../../i18n/format';
import { useApi } from '../../transport/ApiContext';
import { IdPhotoOverlay } from './IdPhotoOverlay';
import { PhotoChecklist } from './PhotoChecklist';
import './photos.css';

type Photo = z.infer<typeof PhotoData>;

const MIN_ZOOM = 1;
const MAX_ZOOM = 6;
const PAN_STEP = 40;

export function photoSrc(photo: Photo): string {
  return `data:${photo.contentType};base64,${photo.base64}`;
}

interface PhotoViewerProps {
  name: string;
  photo: Photo;
  checks: { answer: PhotoChecksAnswer | null; loading: boolean; failed: boolean };
  /** A returning student: the previous photo is shown side by side when this workstation has it. */
  returning: boolean;
}

export function PhotoViewer({ name, photo, checks, returning }: PhotoViewerProps) {
  const t = fr.photoChecks.viewer;
  const api = useApi();
  const [zoom, setZoom] = useState(1);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const [overlay, setOverlay] = useState(true);
  const [dragging, setDragging] = useState(false);
  const drag = useRef<{ x: number; y: number; panX: number; panY: number } | null>(null);
  const [previous, setPrevious] = useState<{ id: string; photo: Photo | null } | null>(null);
  const previousId = checks.answer?.previousPhotoRequestId ?? null;

  useEffect(() => {
    if (!previousId) return;
    let cancelled = false;
    void api['photos:get']({ requestId: previousId }).then((result) => {
      if (!cancelled) setPrevious({ id: previousId, photo: result.ok ? result.value : null });
    });
    return () => {
      cancelled = true;
    };
  }, [api, previousId]);

  const changeZoom = useCallback((next: number) => {
    const clamped = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(next * 100) / 100));
    setZoom(clamped);
    if (clamped === 1) setPan({ x: 0, y: 0 });
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP, 0],
      ArrowRight: [-PAN_STEP, 0],
      ArrowUp: [0, PAN_STEP],
      ArrowDown: [0, -PAN_STEP],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      event.stopPropagation();
      setPan((p) => ({ x: p.x + move[0], y: p.y + move[1] }));
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      changeZoom(zoom * 1.25);
    } else if (event.key === '-') {
      event.preventDefault();
      changeZoom(zoom / 1.25);
    } else if (event.key === '0') {
      event.preventDefault();
      changeZoom(1);
    } else if (event.key === 'g') {
      event.preventDefault();
      event.stopPropagation();
      setOverlay((o) => !o);
    }
  };

  const onWheel = (event: WheelEvent<HTMLDivElement>) => changeZoom(zoom * (event.deltaY < 0 ? 1.1 : 1 / 1.1));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    drag.current = { x: event.clientX, y: event.clientY, panX: pan.x, panY: pan.y };
    setDragging(true);
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    setPan({ x: start.panX + event.clientX - start.x, y: start.panY + event.clientY - start.y });
  };
  const onPointerUp = () => {
    drag.current = null;
    setDragging(false);
  };

  // The photo fits the stage's height at zoom 1; its aspect is its own (the frame shows 35 × 45).
  const aspect = photo.width / photo.height;
  const frameStyle = {
    height: '100%',
    aspectRatio: String(aspect),
    transform: `translate(-50%, -50%) translate(${pan.x}px, ${pan.y}px) scale(${zoom})`,
  };

  return (
    <div className="ph-side" data-testid="photo-viewer">
      <Stack gap="xs">
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => changeZoom(zoom / 1.25)}
            disabled={zoom <= MIN_ZOOM}
          >
            {t.zoomOut}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => changeZoom(zoom * 1.25)}
            disabled={zoom >= MAX_ZOOM}
          >
            {t.zoomIn}
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => changeZoom(1)}>
            {t.reset}
          </Button>
          <Text size="sm" aria-live="polite" data-testid="photo-zoom-level">
            {t.zoomLevel(formatNumber(Math.round(zoom * 100)))}
          </Text>
        </Group>
        <Switch
          checked={overlay}
          onChange={(event) => setOverlay(event.currentTarget.checked)}
          label={t.overlay}
          data-testid="overlay-toggle"
        />
        <div
          className={`ph-stage${dragging ? ' ph-dragging' : ''}`}
          role="img"
          aria-label={`${fr.photoChecks.viewer.title(name)}. ${t.imageRegion}`}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onWheel={onWheel}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          data-testid="photo-stage"
          data-zoom={zoom}
          data-pan={`${pan.x},${pan.y}`}
        >
          <div className="ph-frame" style={frameStyle}>
            <img src={photoSrc(photo)} alt="" draggable={false} data-testid="photo-zoom" />
            {overlay && <IdPhotoOverlay />}
          </div>
        </div>
        <Text size="xs">{overlay ? t.overlayLegend : ''}</Text>
        <Text size="xs">{t.keyboard}</Text>
      </Stack>
      <Stack gap="sm">
        <PhotoChecklist answer={checks.answer} loading={checks.loading} failed={checks.failed} />
        {returning && (
          <section aria-label={t.previousTitle} className="ph-previous" data-testid="previous-photo">
            <Title order={4} size="sm">
              {t.previousTitle}
            </Title>
            {previousId && previous?.id === previousId && previous.photo ? (
              <img src={photoSrc(previous.photo)} alt={t.previousTitle} />
            ) : (
              <Text size="sm">{t.previousNone}</Text>
            )}
          </section>
        )}
      </Stack>
    </div>
  );
}
