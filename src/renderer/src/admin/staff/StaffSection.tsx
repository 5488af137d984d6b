// Staff: search and filters above a virtualised list; a person's editor, the CSV import and the
// CSV export from here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupView } from '../../../../shared/admin';
import type { UserStatus } from '../../../../shared/domain';
import type { IpcError } from '../../../../shared/ipc/contract';
import { kiosk } from '../../api';
import { callAdmin } from '../admin-call';
import { downloadCsv } from '../download';
import { describeError } from '../errors';
import { PersonEditor } from './PersonEditor';
import { StaffImport } from './StaffImport';
import { StaffList, type StaffQuery } from './StaffList';

/** Typing pauses this long before the list is searched. */
export const SEARCH_DEBOUNCE_MS = 250;

type View = { kind: 'list' } | { kind: 'person'; id: number | null } | { kind: 'import' };

export function StaffSection() {
  const { t } = useTranslation('admin');
  const [view, setView] = useState<View>({ kind: 'list' });
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState<StaffQuery>({ search: '', status: '', groupId: null });
  const [groups, setGroups] = useState<GroupView[]>([]);
  const [reload, setReload] = useState(0);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    void callAdmin(kiosk.admin.groupsList({})).then((result) => {
      if (result.ok) setGroups(result.value);
    });
  }, [reload]);

  useEffect(() => {
    if (typed === query.search) return;
    const timer = setTimeout(() => setQuery((q) => ({ ...q, search: typed })), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed, query.search]);

  const back = (changed: boolean) => {
    if (changed) setReload((n) => n + 1);
    setView({ kind: 'list' });
  };

  const exportCsv = async () => {
    const result = await callAdmin(kiosk.admin.staffExport({}));
    if (result.ok) downloadCsv(result.value);
    else setError(result.error);
  };

  if (view.kind === 'person') return <PersonEditor personId={view.id} onClose={back} />;
  if (view.kind === 'import') return <StaffImport onClose={back} />;

  return (
    <section className="admin-panel staff-section" aria-labelledby="staff-heading">
      <div className="panel-top">
        <h1 id="staff-heading">{t('staff.heading')}</h1>
        <div className="actions">
          <button
            type="button"
            className="primary-button"
            data-testid="staff-add"
            onClick={() => setView({ kind: 'person', id: null })}
          >
            {t('staff.add')}
          </button>
          <button
            type="button"
            className="secondary-button"
            data-testid="staff-import"
            onClick={() => setView({ kind: 'import' })}
          >
            {t('staff.import')}
          </button>
          <button
            type="button"
            className="secondary-button"
            data-testid="staff-export"
            onClick={() => void exportCsv()}
          >
            {t('staff.export')}
          </button>
        </div>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {describeError(t, error)}
        </p>
      ) : null}
      <form
        className="staff-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          // Enter searches at once.
          setQuery((q) => ({ ...q, search: typed }));
        }}
      >
        <div className="admin-field staff-search">
          <label className="field-label" htmlFor="staff-search">
            {t('staff.search')}
          </label>
          <input
            id="staff-search"
            data-testid="staff-search"
            className="text-input"
            type="search"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('staff.searchPlaceholder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <div className="admin-field">
          <label className="field-label" htmlFor="staff-group">
            {t('fields.group')}
          </label>
          <select
            id="staff-group"
            data-testid="staff-group"
            className="text-input"
            value={query.groupId ?? ''}
            onChange={(e) =>
              setQuery((q) => ({
                ...q,
                groupId: e.target.value === '' ? null : Number(e.target.value),
              }))
            }
          >
            <option value="">{t('staff.allGroups')}</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </div>
        <div className="admin-field">
          <label className="field-label" htmlFor="staff-status">
            {t('fields.status')}
          </label>
          <select
            id="staff-status"
            data-testid="staff-status"
            className="text-input"
            value={query.status}
            onChange={(e) => setQuery((q) => ({ ...q, status: e.target.value as UserStatus | '' }))}
          >
            <option value="">{t('staff.allStatuses')}</option>
            <option value="active">{t('statuses.active')}</option>
            <option value="disabled">{t('statuses.disabled')}</option>
          </select>
        </div>
      </form>
      <StaffList query={query} reload={reload} onOpen={(id) => setView({ kind: 'person', id })} />
    </section>
  );
}
