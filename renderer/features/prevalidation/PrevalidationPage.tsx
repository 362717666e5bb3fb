/**
 * The pre-validation workspace: status tabs with counters, filters and instant search, the
 * virtualized queue, the selected request's detail and the decision form side by side, batch
 * approval, and the keyboard flow (see HelpOverlay). Decisions are announced in a polite live
 * region; after each one, focus moves to the next request to treat.
 */
import { Alert, Button, Group, List, Loader, Modal, Stack, Tabs, Text, Title } from '@mantine/core';
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { QUEUE_VIEWS, type QueueFilter, type QueueRow, type WorkspaceState } from '../../../shared/ipc/contract';
import { useAppInfo } from '../../app/AppInfoContext';
import { useSyncStatus } from '../../app/SyncStatusContext';
import { fr } from '../../i18n/fr';
import { formatNumber } from '../../i18n/format';
import { useApi, useChannel } from '../../transport/ApiContext';
import { buildDraft, type DecisionFormState, EMPTY_FORM, type FormErrors, reasonsOf } from './decisionForm';
import { DecisionForm } from './DecisionForm';
import { HelpOverlay } from './HelpOverlay';
import { isTypingTarget } from './isTypingTarget';
import './prevalidation.css';
import { QueueFilters } from './QueueFilters';
import { QueueTable, type QueueTableHandle } from './QueueTable';
import { RequestDetailPanel } from './RequestDetailPanel';
import { useQueuePages } from './useQueuePages';
import { useRequestDetail } from './useRequestDetail';
import { prefillPhotoVerdict } from '../photos/prefillPhotoVerdict';
import { usePhotoChecks } from '../photos/usePhotoChecks';
import { useSavedWorkspace, useWorkspaceSaver } from './useWorkspaceState';

const SCROLL_SAVE_DEBOUNCE_MS = 250;
/** How long `r` waits for its reason number. */
const REJECT_KEY_WINDOW_MS = 3_000;

interface PageProps {
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function PrevalidationPage({ headingRef }: PageProps) {
  const saved = useSavedWorkspace();
  const t = fr.prevalidation;
  return (
    <Stack gap="sm">
      <Title order={2} ref={headingRef} tabIndex={-1}>
        {t.title}
      </Title>
      {saved ? <Workspace initial={saved} /> : <Loader size="sm" aria-label={fr.app.loading} />}
    </Stack>
  );
}

interface UndoEntry {
  decisionId: string;
  requestId: string;
  fileNumber: string;
}

/** What a decision key asks for: « a » approves, « r » then a digit rejects with that reason. */
type KeyAction = { kind: 'approve' } | { kind: 'reject'; reasonCode: string };

function Workspace({ initial }: { initial: WorkspaceState }) {
  const api = useApi();
  const t = fr.prevalidation;
  const { data: info } = useAppInfo();
  const { refresh: refreshSync } = useSyncStatus();
  const { data: reasonList } = useChannel('reference:reasons');

  const [filter, setFilter] = useState<QueueFilter>(initial.filter);
  const [selectedId, setSelectedId] = useState<string | null>(initial.selectedRequestId);
  const [selectedIndex, setSelectedIndex] = useState<number>(-1);
  const [scrollOffset, setScrollOffset] = useState(initial.scrollOffset);
  const [checked, setChecked] = useState<Map<string, number>>(new Map());
  const [lastChecked, setLastChecked] = useState<number | null>(null);
  const [form, setForm] = useState<DecisionFormState>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [helpOpen, setHelpOpen] = useState(false);
  const [zoomOpen, setZoomOpen] = useState(false);
  const [batchOpen, setBatchOpen] = useState(false);
  const [batchRefused, setBatchRefused] = useState<{ requestId: string; message: string }[]>([]);
  const [undoStack, setUndoStack] = useState<UndoEntry[]>([]);
  const rejectArmedUntil = useRef(0);
  /**
   * A decision key pressed while the selected request's detail was still loading (right after
   * j/k, an undo or a decision moved the selection): applied once that detail arrives, dropped if
   * the selection moves first. Ignoring it silently let a keystroke be lost under time pressure.
   */
  const pendingKey = useRef<{ requestId: string; action: KeyAction } | null>(null);

  const queue = useQueuePages(filter);
  const detailState = useRequestDetail(selectedId);
  const { detail } = detailState;
  const photoChecks = usePhotoChecks(selectedId, Boolean(detail?.request.photo));
  const prefilledFor = useRef<string | null>(null);
  const tableHandle = useRef<QueueTableHandle | null>(null);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const targetRef = useRef<HTMLInputElement | null>(null);
  const detailRegionRef = useRef<HTMLElement | null>(null);
  const scrollTimer = useRef<number | undefined>(undefined);

  useWorkspaceSaver({ filter, selectedRequestId: selectedId, scrollOffset });

  const reasons = useMemo(() => reasonList?.items ?? [], [reasonList]);
  const prevalidationReasons = useMemo(() => reasonsOf(reasons, 'PREVALIDATION'), [reasons]);
  const photoReasons = useMemo(() => reasonsOf(reasons, 'PHOTO'), [reasons]);

  // The photo verdict is pre-filled from the checks once per selected request, only on an untouched
  // form: staff confirm or change it, a check never decides.
  const photoReport = photoChecks.answer?.requestId === selectedId ? (photoChecks.answer?.report ?? null) : null;
  const photoPrefill = useMemo(
    () => (photoReport ? prefillPhotoVerdict(photoReport, photoReasons) : null),
    [photoReport, photoReasons],
  );
  // The suggestion is about approving (approved + non-compliant photo = a new photo is asked for):
  // a rejection or a redirection carries the photo verdict staff set themselves, not the suggestion.
  const withoutPhotoPrefill = useCallback(
    (current: DecisionFormState): DecisionFormState =>
      photoPrefill &&
      current.photoVerdict === photoPrefill.photoVerdict &&
      current.photoReasonCodes.join() === photoPrefill.photoReasonCodes.join()
        ? { ...current, photoVerdict: 'COMPLIANT', photoReasonCodes: [] }
        : current,
    [photoPrefill],
  );
  const changeForm = useCallback(
    (next: DecisionFormState) =>
      setForm((current) =>
        current.decision === 'APPROVED' && next.decision !== 'APPROVED' ? withoutPhotoPrefill(next) : next,
      ),
    [withoutPhotoPrefill],
  );
  useEffect(() => {
    if (!selectedId || !photoPrefill || prefilledFor.current === selectedId) return;
    prefilledFor.current = selectedId;
    setForm((current) => (current === EMPTY_FORM ? { ...current, ...photoPrefill } : current));
  }, [selectedId, photoPrefill]);

  const establishmentName = useCallback(
    (uai: string) => {
      const known = info?.establishments.find((e) => e.uai === uai);
      return known ? `${known.name} (${uai})` : uai;
    },
    [info],
  );

  // The restored selection's position is only known once its page is loaded.
  const { indexOf, version: queueVersion } = queue;
  useEffect(() => {
    if (selectedId && selectedIndex < 0) {
      const index = indexOf(selectedId);
      // eslint-disable-next-line react-hooks/set-state-in-effect -- derived from rows that live outside React state
      if (index >= 0) setSelectedIndex(index);
    }
  }, [selectedId, selectedIndex, indexOf, queueVersion]);

  const select = useCallback((row: QueueRow, index: number) => {
    setSelectedId(row.id);
    setSelectedIndex(index);
    setForm(EMPTY_FORM);
    setErrors({});
    rejectArmedUntil.current = 0;
  }, []);

  const moveTo = useCallback(
    (index: number) => {
      const total = queue.total ?? 0;
      if (index < 0 || index >= total) return false;
      const row = queue.rowAt(index);
      tableHandle.current?.focusRow(index, row?.id);
      if (row) select(row, index);
      return true;
    },
    [queue, select],
  );

  const onScrollOffset = useCallback((offset: number) => {
    window.clearTimeout(scrollTimer.current);
    scrollTimer.current = window.setTimeout(() => setScrollOffset(offset), SCROLL_SAVE_DEBOUNCE_MS);
  }, []);

  const changeFilter = useCallback((update: (current: QueueFilter) => QueueFilter) => {
    setFilter(update);
    setSelectedIndex(-1);
    setChecked(new Map());
    setLastChecked(null);
    scrollRef.current?.scrollTo({ top: 0 });
  }, []);

  /**
   * After a decision: put the selection (and focus) on the next request to treat, then reload the
   * queue. The next request is known from the rows on screen, so its detail and photo are fetched
   * at once instead of after the queue's re-read; the reload only confirms its position.
   */
  const advanceAfterDecision = useCallback(
    async (index: number) => {
      const next = queue.rowAt(index + 1);
      if (next) {
        select(next, index + 1);
        tableHandle.current?.focusRow(index + 1, next.id);
      }
      await queue.reload();
      void refreshSync();
      let target = next ? queue.indexOf(next.id) : -1;
      if (target < 0) target = queue.rowAt(index) ? index : index - 1;
      const row = target >= 0 ? queue.rowAt(target) : undefined;
      if (row && row.id === next?.id) {
        setSelectedIndex(target);
        tableHandle.current?.focusRow(target, row.id);
      } else if (row) {
        select(row, target);
        tableHandle.current?.focusRow(target, row.id);
      } else {
        await detailState.refresh();
      }
    },
    [queue, refreshSync, select, detailState],
  );

  const record = useCallback(
    async (formState: DecisionFormState) => {
      if (!detail || saving) return;
      const check = buildDraft(formState, {
        id: detail.request.id,
        version: detail.request.version,
        establishmentUai: detail.request.establishmentUai,
        hasPhoto: detail.request.photo !== null,
      });
      setForm(formState);
      if (!check.ok) {
        setErrors(check.errors);
        const first = Object.values(check.errors)[0];
        if (first) setAnnouncement(t.announce.failed(first));
        return;
      }
      setErrors({});
      setSaving(true);
      const result = await api['decisions:record'](check.draft);
      setSaving(false);
      if (!result.ok) {
        setErrors({ form: result.error.message });
        setAnnouncement(t.announce.failed(result.error.message));
        return;
      }
      const { fileNumber } = detail.request;
      const message =
        check.draft.decision === 'APPROVED'
          ? t.announce.approved(fileNumber)
          : check.draft.decision === 'REJECTED'
            ? t.announce.rejected(fileNumber)
            : t.announce.redirected(fileNumber);
      setAnnouncement(message);
      setUndoStack((stack) => [
        ...stack.slice(-49),
        { decisionId: result.value.id, requestId: detail.request.id, fileNumber },
      ]);
      const index = selectedIndex >= 0 ? selectedIndex : queue.indexOf(detail.request.id);
      await advanceAfterDecision(index);
    },
    [detail, saving, api, t, selectedIndex, queue, advanceAfterDecision],
  );

  const undo = useCallback(async () => {
    const entry = undoStack[undoStack.length - 1];
    if (!entry) {
      setAnnouncement(t.announce.nothingToUndo);
      return;
    }
    const result = await api['decisions:undo']({ decisionId: entry.decisionId });
    setUndoStack((stack) => stack.slice(0, -1));
    if (!result.ok) {
      setAnnouncement(t.announce.failed(result.error.message));
      return;
    }
    setAnnouncement(t.announce.undone(entry.fileNumber));
    await queue.reload();
    void refreshSync();
    const index = queue.indexOf(entry.requestId);
    const row = index >= 0 ? queue.rowAt(index) : undefined;
    if (row) {
      select(row, index);
      tableHandle.current?.focusRow(index, row.id);
    } else {
      setSelectedId(entry.requestId);
      setSelectedIndex(-1);
    }
  }, [undoStack, api, t, queue, refreshSync, select]);

  const toggleCheck = useCallback(
    (row: QueueRow, index: number, { shiftKey }: { shiftKey: boolean }) => {
      setChecked((current) => {
        const next = new Map(current);
        if (shiftKey && lastChecked !== null) {
          const [from, to] = lastChecked < index ? [lastChecked, index] : [index, lastChecked];
          for (let i = from; i <= to; i++) {
            const r = queue.rowAt(i);
            if (r) next.set(r.id, r.version);
          }
        } else if (next.has(row.id)) next.delete(row.id);
        else next.set(row.id, row.version);
        return next;
      });
      setLastChecked(index);
    },
    [lastChecked, queue],
  );

  const approveBatch = useCallback(async () => {
    setBatchOpen(false);
    const items = [...checked].slice(0, 500).map(([requestId, seenVersion]) => ({ requestId, seenVersion }));
    if (items.length === 0) return;
    const result = await api['decisions:approveBatch']({ items });
    if (!result.ok) {
      setAnnouncement(t.announce.failed(result.error.message));
      return;
    }
    setBatchRefused(result.value.refused);
    setAnnouncement(t.announce.batch(formatNumber(result.value.recorded.length)));
    setUndoStack((stack) => [
      ...stack,
      ...result.value.recorded.map((d) => ({ decisionId: d.id, requestId: d.requestId, fileNumber: d.fileNumber })),
    ]);
    setChecked(new Map());
    setLastChecked(null);
    await queue.reload();
    void refreshSync();
    await detailState.refresh();
  }, [checked, api, t, queue, refreshSync, detailState]);

  const startRedirect = useCallback(() => {
    if (!detail) return;
    setForm({ ...EMPTY_FORM, decision: 'REDIRECTED', targetUai: detail.siblingEstablishment?.uai ?? null });
    setErrors({});
    requestAnimationFrame(() => {
      const firstReason = document.querySelector<HTMLInputElement>('[data-testid="reason-group"] input');
      (firstReason ?? targetRef.current)?.focus();
    });
  }, [detail]);

  const applyKeyAction = useCallback(
    (action: KeyAction) => {
      if (action.kind === 'approve') {
        // `a` is « pré-valider (photo conforme) »: an explicit choice that overrides a pre-filled
        // non-compliant verdict, so a keystroke never turns into a photo rejection by surprise.
        void record({
          ...form,
          decision: 'APPROVED',
          photoVerdict: 'COMPLIANT',
          photoReasonCodes: [],
          reasonCodes: [],
          targetUai: null,
        });
      } else {
        void record({
          ...withoutPhotoPrefill(form),
          decision: 'REJECTED',
          reasonCodes: [action.reasonCode],
          targetUai: null,
        });
      }
    },
    [record, form, withoutPhotoPrefill],
  );

  /** Applies a decision key to the request on screen, or to the selected one as soon as it is. */
  const runKeyAction = useCallback(
    (action: KeyAction) => {
      if (detail) {
        pendingKey.current = null;
        applyKeyAction(action);
      } else if (selectedId) {
        pendingKey.current = { requestId: selectedId, action };
        setAnnouncement(t.announce.keyDeferred);
      }
    },
    [detail, selectedId, applyKeyAction, t],
  );

  useEffect(() => {
    const pending = pendingKey.current;
    if (!pending) return;
    if (pending.requestId !== selectedId) {
      pendingKey.current = null;
      return;
    }
    if (detailState.error) {
      // The request could not be read (its panel says so): the key is dropped, nothing recorded.
      pendingKey.current = null;
      return;
    }
    if (detail?.request.id !== pending.requestId || saving) return;
    pendingKey.current = null;
    applyKeyAction(pending.action);
  }, [detail, detailState.error, selectedId, saving, applyKeyAction]);

  // One keydown listener; it reads the latest handlers through a ref so it is never re-attached.
  const keyHandler = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    keyHandler.current = (event: KeyboardEvent) => {
      if (event.defaultPrevented || helpOpen || zoomOpen || batchOpen) return;
      if (isTypingTarget(event.target)) return;
      const ctrlZ = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'z';
      if (ctrlZ) {
        event.preventDefault();
        void undo();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      const inQueueOrPage = target === document.body || Boolean(target.closest('tr.pv-row')) || target.tagName === 'H2';

      if (Date.now() < rejectArmedUntil.current) {
        rejectArmedUntil.current = 0;
        if (/^[1-9]$/.test(event.key)) {
          event.preventDefault();
          const n = Number(event.key);
          const reason = prevalidationReasons[n - 1];
          if (!reason) {
            setAnnouncement(t.announce.noReason(n));
            return;
          }
          runKeyAction({ kind: 'reject', reasonCode: reason.code });
          return;
        }
        if (event.key === 'Escape') return;
      }

      switch (event.key) {
        case 'j':
        case 'k': {
          event.preventDefault();
          moveTo(selectedIndex + (event.key === 'j' ? 1 : -1));
          return;
        }
        case 'ArrowDown':
        case 'ArrowUp': {
          if (!inQueueOrPage) return;
          event.preventDefault();
          const next = selectedIndex + (event.key === 'ArrowDown' ? 1 : -1);
          if (event.shiftKey) {
            const row = queue.rowAt(next);
            const current = queue.rowAt(selectedIndex);
            if (row && current) {
              setChecked((map) => new Map(map).set(current.id, current.version).set(row.id, row.version));
              setLastChecked(next);
            }
          }
          moveTo(next);
          return;
        }
        case 'a':
          if (!detail && !selectedId) return;
          event.preventDefault();
          runKeyAction({ kind: 'approve' });
          return;
        case 'r':
          if (!detail && !selectedId) return;
          event.preventDefault();
          rejectArmedUntil.current = Date.now() + REJECT_KEY_WINDOW_MS;
          setAnnouncement(t.announce.rejectPrompt);
          return;
        case 'd':
          event.preventDefault();
          startRedirect();
          return;
        case 'p':
          if (!detailState.photo) return;
          event.preventDefault();
          setZoomOpen(true);
          return;
        case 'u':
          event.preventDefault();
          void undo();
          return;
        case '?':
          event.preventDefault();
          setHelpOpen(true);
          return;
      }
    };
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const counters = queue.counters;
  const decidable = detail?.request.status === 'SUBMITTED' && detail.localState === 'SYNCED';

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Tabs
          value={filter.view}
          onChange={(value) => value && changeFilter((current) => ({ ...current, view: value as QueueFilter['view'] }))}
          activateTabWithKeyboard
        >
          <Tabs.List aria-label={t.viewsLabel}>
            {QUEUE_VIEWS.map((view) => (
              <Tabs.Tab key={view} value={view} data-testid={`tab-${view}`}>
                {t.tabCount(t.views[view], counters ? formatNumber(counters[view]) : '…')}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Button variant="outline" size="compact-sm" onClick={() => setHelpOpen(true)}>
          {t.help.open}
        </Button>
      </Group>

      <QueueFilters filter={filter} onChange={changeFilter} />

      {checked.size > 0 && (
        <Group gap="sm" data-testid="batch-bar">
          <Text size="sm" fw={600}>
            {t.batch.selected(formatNumber(checked.size))}
          </Text>
          <Button size="compact-sm" onClick={() => setBatchOpen(true)}>
            {t.batch.approve}
          </Button>
          <Button size="compact-sm" variant="subtle" onClick={() => setChecked(new Map())}>
            {t.batch.clear}
          </Button>
        </Group>
      )}
      {batchRefused.length > 0 && (
        <Alert color="yellow" variant="light" withCloseButton onClose={() => setBatchRefused([])}>
          <Text size="sm">{t.batch.refused(formatNumber(batchRefused.length))}</Text>
          <List size="sm">
            {batchRefused.slice(0, 20).map((item) => (
              <List.Item key={item.requestId}>{item.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <div className="pv-layout">
        <div>
          {queue.error && (
            <Alert color="red" variant="light" role="alert">
              {t.queueFailed} {queue.error.message}
            </Alert>
          )}
          {queue.total === null && !queue.error && <Text size="sm">{t.queueLoading}</Text>}
          {queue.total === 0 && <Text size="sm">{t.queueEmpty}</Text>}
          <QueueTable
            queue={queue}
            selectedId={selectedId}
            checked={checked}
            initialScrollOffset={initial.scrollOffset}
            onSelect={select}
            onToggleCheck={toggleCheck}
            onScrollOffset={onScrollOffset}
            scrollRef={scrollRef}
            handleRef={tableHandle}
          />
        </div>
        <section aria-label={t.detail.label} ref={detailRegionRef} className="pv-detail-scroll">
          {!selectedId && <Text size="sm">{t.detail.none}</Text>}
          {selectedId && !detail && !detailState.error && <Text size="sm">{t.detail.loading}</Text>}
          {detailState.error && (
            <Alert color="red" variant="light">
              {t.detail.failed} {detailState.error.message}
            </Alert>
          )}
          {detail && (
            <Stack gap="md">
              <RequestDetailPanel
                detail={detail}
                photo={detailState.photo}
                photoLoading={detailState.photoLoading}
                establishmentName={establishmentName}
                zoomOpen={zoomOpen}
                onZoom={setZoomOpen}
                photoChecks={photoChecks}
                photoPrefill={photoPrefill}
              />
              {decidable ? (
                <DecisionForm
                  form={form}
                  errors={errors}
                  prevalidationReasons={prevalidationReasons}
                  photoReasons={photoReasons}
                  sibling={detail.siblingEstablishment}
                  currentUai={detail.request.establishmentUai}
                  saving={saving}
                  onChange={changeForm}
                  onSubmit={() => void record(form)}
                  targetRef={targetRef}
                />
              ) : (
                <Text size="sm">{t.form.notReviewable}</Text>
              )}
            </Stack>
          )}
        </section>
      </div>

      <div role="status" aria-live="polite" className="visually-hidden" data-testid="decision-announcer">
        {announcement}
      </div>

      <HelpOverlay opened={helpOpen} onClose={() => setHelpOpen(false)} />
      <Modal
        transitionProps={{ duration: 0 }}
        opened={batchOpen}
        onClose={() => setBatchOpen(false)}
        title={t.batch.confirmTitle}
        centered
        closeButtonProps={{ 'aria-label': t.batch.cancel }}
      >
        <Stack>
          <Text>{t.batch.confirm(formatNumber(checked.size))}</Text>
          <Group justify="end">
            <Button variant="default" onClick={() => setBatchOpen(false)}>
              {t.batch.cancel}
            </Button>
            <Button onClick={() => void approveBatch()} data-testid="batch-confirm">
              {t.batch.confirmButton(formatNumber(checked.size))}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
