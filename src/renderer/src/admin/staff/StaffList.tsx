// The staff list, virtualised (@tanstack/react-virtual): only the rows on screen are in the
// page, and only their pages are asked of main, so 100,000 people scroll like 100.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffRow } from '../../../../shared/admin';
import type { UserStatus } from '../../../../shared/domain';
import type { IpcError } from '../../../../shared/ipc/contract';
import { kiosk } from '../../api';
import { callAdmin } from '../admin-call';
import { describeError } from '../errors';
import { PageCache } from './staff-pages';

export interface StaffQuery {
  search: string;
  status: UserStatus | '';
  groupId: number | null;
}

/** Row height in rem: big enough for a gloved finger (>= 48 px at the smallest root size). */
const ROW_REM = 3.4;

function rowHeightPx(): number {
  const root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 18;
  return Math.round(root * ROW_REM);
}

export function StaffList({
  query,
  onOpen,
  reload,
}: {
  query: StaffQuery;
  onOpen: (id: number) => void;
  /** Bumped after a change (add, import): the pages are fetched again. */
  reload: number;
}) {
  const { t, i18n } = useTranslation('admin');
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<IpcError | null>(null);
  const rowPx = useMemo(rowHeightPx, []);
  // A new search or filter starts a new cache; answers for an old one are dropped.
  const cache = useMemo(
    () => new PageCache<StaffRow>(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query.search, query.status, query.groupId, reload],
  );

  // The virtualizer re-renders this component itself; nothing here relies on memoising it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: cache.total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowPx,
    overscan: 8,
  });

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [cache]);

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;

  useEffect(() => {
    const wanted = cache.total === null ? cache.missing(0, 0) : cache.missing(first, last);
    for (const page of wanted) {
      cache.markLoading(page);
      void callAdmin(
        kiosk.admin.staffList({
          search: query.search.trim() || undefined,
          status: query.status || undefined,
          groupId: query.groupId ?? undefined,
          offset: page * cache.pageSize,
          limit: cache.pageSize,
        }),
      ).then((result) => {
        if (result.ok) {
          cache.store(page, result.value.rows, result.value.total);
          setError(null);
        } else {
          cache.failed(page);
          setError(result.error);
        }
        rerender();
      });
    }
  }, [cache, first, last, query]);

  const total = cache.total;
  return (
    <div className="staff-list">
      <p className="hint" role="status" aria-live="polite" data-testid="staff-total">
        {total === null
          ? t('shell.loading')
          : t('staff.total', { count: total, n: total.toLocaleString(i18n.language) })}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {describeError(t, error)}
        </p>
      ) : null}
      <div className="staff-columns" aria-hidden="true">
        <span>{t('fields.displayName')}</span>
        <span>{t('fields.employeeId')}</span>
        <span>{t('fields.phone')}</span>
        <span>{t('fields.role')}</span>
        <span>{t('fields.status')}</span>
      </div>
      <div
        ref={scroller}
        className="staff-scroll"
        data-testid="staff-scroll"
        tabIndex={-1}
        aria-label={t('staff.listLabel')}
        role="region"
      >
        <ul
          className="staff-rows"
          aria-label={t('staff.listLabel')}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const row = cache.row(item.index);
            return (
              <li
                key={item.key}
                className="staff-row-item"
                aria-setsize={total ?? undefined}
                aria-posinset={item.index + 1}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                {row ? (
                  <button
                    type="button"
                    className="staff-row"
                    data-testid="staff-row"
                    data-employee-id={row.employeeId}
                    onClick={() => onOpen(row.id)}
                  >
                    <span className="staff-name" data-testid="staff-cell-name">
                      {row.displayName}
                    </span>
                    <span data-testid="staff-cell-employee-id">{row.employeeId}</span>
                    <span className="staff-phone" data-testid="staff-cell-phone">
                      {row.phone ?? t('staff.noPhone')}
                    </span>
                    <span>{t(`roles.${row.role}`)}</span>
                    <span className="staff-status">
                      <span className={`badge badge-${row.status}`}>
                        {t(`statuses.${row.status}`)}
                      </span>
                      {row.locked ? (
                        <span className="badge badge-locked" data-testid="locked-badge">
                          {t('staff.locked')}
                        </span>
                      ) : null}
                    </span>
                  </button>
                ) : (
                  <span className="staff-row staff-row-loading">{t('shell.loading')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
