/**
 * The queue as a real table (caption, column headers, row headers) whose body is virtualized: only
 * the rows in view plus a small overscan are in the DOM, with spacer rows above and below so the
 * scroll bar matches the full count. `aria-rowcount` / `aria-rowindex` tell assistive technology
 * where a row sits in the whole queue.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type MouseEvent, type RefObject, useEffect, useImperativeHandle } from 'react';
import { type QueueRow } from '../../../shared/ipc/contract';
import { fr } from '../../i18n/fr';
import { formatDate, formatNumber } from '../../i18n/format';
import { type QueuePages } from './useQueuePages';

export const ROW_HEIGHT = 37;
const OVERSCAN = 12;

export interface QueueTableHandle {
  scrollToIndex: (index: number) => void;
  /** Scrolls to the row and focuses it once the row of that request is rendered. */
  focusRow: (index: number, requestId?: string) => void;
}

interface QueueTableProps {
  queue: QueuePages;
  selectedId: string | null;
  checked: ReadonlyMap<string, number>;
  initialScrollOffset: number;
  onSelect: (row: QueueRow, index: number) => void;
  onToggleCheck: (row: QueueRow, index: number, event: { shiftKey: boolean }) => void;
  onScrollOffset: (offset: number) => void;
  scrollRef: RefObject<HTMLDivElement | null>;
  handleRef: RefObject<QueueTableHandle | null>;
}

function rowName(row: QueueRow): string {
  return `${row.lastName} ${row.firstName}`;
}

function trainingText(row: QueueRow): string {
  return row.classLabel ? `${fr.training[row.trainingType]} — ${row.classLabel}` : fr.training[row.trainingType];
}

export function QueueTable({
  queue,
  selectedId,
  checked,
  initialScrollOffset,
  onSelect,
  onToggleCheck,
  onScrollOffset,
  scrollRef,
  handleRef,
}: QueueTableProps) {
  const t = fr.prevalidation;
  const count = queue.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this table itself on scroll
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    initialOffset: initialScrollOffset,
    onChange: (instance) => onScrollOffset(Math.round(instance.scrollOffset ?? 0)),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensureRange } = queue;

  useEffect(() => {
    if (count > 0) ensureRange(first, last);
  }, [ensureRange, first, last, count, queue.version]);

  useImperativeHandle(
    handleRef,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      focusRow: (index, requestId) => {
        virtualizer.scrollToIndex(index, { align: 'auto' });
        // The row may only exist after the virtualizer and the reloaded page re-render: look it up
        // by request id (the index may still hold the row just decided) for a few frames.
        const selector = requestId ? `tr[data-request-id="${requestId}"]` : `tr[data-index="${index}"]`;
        let frames = 0;
        const attempt = () => {
          const row = scrollRef.current?.querySelector<HTMLTableRowElement>(selector);
          if (row) row.focus();
          else if (++frames < 30) requestAnimationFrame(attempt);
        };
        requestAnimationFrame(attempt);
      },
    }),
    [virtualizer, scrollRef],
  );

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  function rowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, row: QueueRow, index: number) {
    if (event.key === ' ' && event.target === event.currentTarget) {
      event.preventDefault();
      onToggleCheck(row, index, { shiftKey: event.shiftKey });
    }
  }

  function rowClick(event: MouseEvent<HTMLTableRowElement>, row: QueueRow, index: number) {
    if ((event.target as HTMLElement).closest('input')) return;
    onSelect(row, index);
  }

  return (
    <div
      ref={scrollRef}
      className="pv-queue-scroll"
      data-testid="queue-scroll"
      role="region"
      aria-label={t.queueCaption(formatNumber(count))}
      // The scroll box itself takes focus when the queue is empty, so it stays keyboard-scrollable.
      tabIndex={-1}
    >
      <table className="pv-table" aria-rowcount={count + 1} data-testid="queue-table" data-total={queue.total ?? ''}>
        <caption className="visually-hidden-caption">{t.queueCaption(formatNumber(count))}</caption>
        <colgroup>
          <col style={{ width: '2.5rem' }} />
          <col style={{ width: '28%' }} />
          <col style={{ width: '17%' }} />
          <col style={{ width: '20%' }} />
          <col style={{ width: '13%' }} />
          <col />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <span className="visually-hidden">{t.columns.select}</span>
            </th>
            <th scope="col">{t.columns.name}</th>
            <th scope="col">{t.columns.fileNumber}</th>
            <th scope="col">{t.columns.training}</th>
            <th scope="col">{t.columns.submittedAt}</th>
            <th scope="col">{t.columns.flags}</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={6} style={{ height: paddingTop, padding: 0, border: 0 }} />
            </tr>
          )}
          {items.map((item) => {
            const row = queue.rowAt(item.index);
            if (!row) {
              return (
                <tr key={`loading-${item.index}`} data-index={item.index} aria-rowindex={item.index + 2}>
                  <td colSpan={6}>{t.rowLoading}</td>
                </tr>
              );
            }
            const selected = row.id === selectedId;
            const name = rowName(row);
            return (
              <tr
                key={row.id}
                className="pv-row"
                data-index={item.index}
                data-request-id={row.id}
                data-file-number={row.fileNumber}
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                tabIndex={selected ? 0 : -1}
                onClick={(event) => rowClick(event, row, item.index)}
                onFocus={(event) => {
                  if (event.target === event.currentTarget && !selected) onSelect(row, item.index);
                }}
                onKeyDown={(event) => rowKeyDown(event, row, item.index)}
              >
                <td>
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    checked={checked.has(row.id)}
                    aria-label={t.selectRow(name, row.fileNumber)}
                    onChange={(event) =>
                      onToggleCheck(row, item.index, { shiftKey: (event.nativeEvent as PointerEvent).shiftKey })
                    }
                  />
                </td>
                <th scope="row">{name}</th>
                <td>{row.fileNumber}</td>
                <td>{trainingText(row)}</td>
                <td>{formatDate(row.submittedAt)}</td>
                <td>
                  {row.localState !== 'SYNCED' && <span className="pv-flag">{t.localState[row.localState]}</span>}
                  {row.isReturningStudent && <span className="pv-flag">{t.flagReturning}</span>}
                  {!row.hasPhoto && <span className="pv-flag pv-flag-warn">{t.flagNoPhoto}</span>}
                  {row.addressIncomplete && <span className="pv-flag pv-flag-warn">{t.flagAddress}</span>}
                </td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={6} style={{ height: paddingBottom, padding: 0, border: 0 }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
