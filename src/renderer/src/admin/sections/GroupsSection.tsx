// Groups: the list with member counts; add, rename, delete (asked twice); the members of the
// chosen group (search people to add them); the group's resources (name + link) that its
// members see after signing in. Main checks everything and its words are shown at the field.
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../../api';
import type { GroupView, ResourceView, StaffRow } from '../../../../shared/admin';
import { TextField } from '../fields';
import { ConfirmButton, FormMessage, Section, useAdminCall, useLoad, TableWrap } from './common';

export function GroupsSection() {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [groups, setGroups] = useState<GroupView[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [newName, setNewName] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const list = await call(kiosk.admin.groupsList({}), setListError);
    if (list) {
      setGroups(list);
      setListError(null);
    }
  }, [call]);

  useLoad(reload);

  const add = async () => {
    const group = await call(kiosk.admin.groupAdd({ name: newName }), setAddError);
    if (!group) return;
    setAddError(null);
    setNewName('');
    await reload();
    setSelectedId(group.id);
  };

  const selected = groups.find((g) => g.id === selectedId) ?? null;

  return (
    <Section id="groups" title={t('groups.title')}>
      <FormMessage id="groups-list-error" text={listError} />
      {groups.length === 0 ? <p className="hint">{t('groups.none')}</p> : null}
      <TableWrap label={t('groups.title')}>
        <table className="sec-table" data-testid="groups-table">
          <caption className="sr-only">{t('groups.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('groups.name')}</th>
              <th scope="col">{t('groups.members')}</th>
              <th scope="col">{t('groups.resources')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id} className={g.id === selectedId ? 'sec-selected' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    className="sec-name-button"
                    data-testid={`group-open-${g.name}`}
                    aria-pressed={g.id === selectedId}
                    onClick={() => setSelectedId(g.id)}
                  >
                    {g.name}
                  </button>
                </th>
                <td>{g.memberCount}</td>
                <td>{g.resourceCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <RowForm onSubmit={add} submit={t('groups.add')} submitTestId="group-add" primary>
        <TextField
          id="group-new-name"
          label={t('groups.newName')}
          value={newName}
          onChange={setNewName}
          error={addError}
          maxLength={100}
        />
      </RowForm>

      {selected ? (
        <GroupDetail
          key={selected.id}
          group={selected}
          onChanged={reload}
          onDeleted={() => {
            setSelectedId(null);
            void reload();
          }}
        />
      ) : null}
    </Section>
  );
}

function GroupDetail({
  group,
  onChanged,
  onDeleted,
}: {
  group: GroupView;
  onChanged: () => Promise<void>;
  onDeleted: () => void;
}) {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [name, setName] = useState(group.name);
  const [renameError, setRenameError] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const rename = async () => {
    const done = await call(kiosk.admin.groupRename({ id: group.id, name }), setRenameError);
    if (done) {
      setRenameError(null);
      await onChanged();
    }
  };
  const remove = async () => {
    const done = await call(kiosk.admin.groupDelete({ id: group.id }), setDeleteError);
    if (done) onDeleted();
  };

  return (
    <div className="sec-panel" data-testid="group-detail">
      <h3>{t('groups.detailTitle', { name: group.name })}</h3>
      <RowForm onSubmit={rename} submit={t('groups.saveName')} submitTestId="group-rename-save">
        <TextField
          id="group-rename"
          label={t('groups.rename')}
          value={name}
          onChange={setName}
          error={renameError}
          maxLength={100}
        />
      </RowForm>
      <Members group={group} onChanged={onChanged} />
      <Resources group={group} onChanged={onChanged} />
      <ConfirmButton
        id="group-delete"
        label={t('groups.delete')}
        question={t('groups.deleteQuestion', { name: group.name })}
        yes={t('groups.deleteYes')}
        no={t('groups.deleteNo')}
        onConfirm={() => void remove()}
      />
      <FormMessage id="group-delete-error" text={deleteError} />
    </div>
  );
}

function Members({ group, onChanged }: { group: GroupView; onChanged: () => Promise<void> }) {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [members, setMembers] = useState<StaffRow[]>([]);
  const [membersTotal, setMembersTotal] = useState(0);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<StaffRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const page = await call(kiosk.admin.staffList({ groupId: group.id, limit: 200 }), setError);
    if (page) {
      setMembers(page.rows);
      setMembersTotal(page.total);
    }
  }, [call, group.id]);

  useLoad(load);

  const find = async () => {
    const page = await call(kiosk.admin.staffList({ search, limit: 20 }), setError);
    if (page) {
      setError(null);
      setFound(page.rows);
    }
  };
  const change = async (add: number[], remove: number[]) => {
    const done = await call(kiosk.admin.groupMembers({ groupId: group.id, add, remove }), setError);
    if (!done) return;
    setError(null);
    await load();
    await onChanged();
  };
  const memberIds = new Set(members.map((m) => m.id));

  return (
    <div>
      <h3>{t('groups.membersTitle', { count: membersTotal })}</h3>
      {members.length === 0 ? <p className="hint">{t('groups.noMembers')}</p> : null}
      <ul className="sec-list" data-testid="group-members">
        {members.map((m) => (
          <li key={m.id}>
            <span>
              {m.displayName} ({m.employeeId})
            </span>
            <button
              type="button"
              className="secondary-button"
              data-testid={`member-remove-${m.employeeId}`}
              onClick={() => void change([], [m.id])}
            >
              {t('groups.removeMember', { name: m.displayName })}
            </button>
          </li>
        ))}
      </ul>
      <RowForm onSubmit={find} submit={t('groups.search')} submitTestId="member-search-go" search>
        <TextField
          id="member-search"
          label={t('groups.searchPeople')}
          hint={t('groups.searchHint')}
          type="search"
          value={search}
          onChange={setSearch}
          maxLength={100}
        />
      </RowForm>
      {found ? (
        <ul className="sec-list" data-testid="member-search-results" aria-live="polite">
          {found.length === 0 ? <li>{t('groups.nobodyFound')}</li> : null}
          {found.map((p) => (
            <li key={p.id}>
              <span>
                {p.displayName} ({p.employeeId})
              </span>
              {memberIds.has(p.id) ? (
                <span className="hint">{t('groups.alreadyMember')}</span>
              ) : (
                <button
                  type="button"
                  className="primary-button"
                  data-testid={`member-add-${p.employeeId}`}
                  onClick={() => void change([p.id], [])}
                >
                  {t('groups.addMember', { name: p.displayName })}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <FormMessage id="group-members-error" text={error} />
    </div>
  );
}

function Resources({ group, onChanged }: { group: GroupView; onChanged: () => Promise<void> }) {
  const { t } = useTranslation('admin');
  const call = useAdminCall();
  const [resources, setResources] = useState<ResourceView[]>([]);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const list = await call(kiosk.admin.resourcesList({ groupId: group.id }), setListError);
    if (list) setResources(list);
  }, [call, group.id]);

  useLoad(load);

  const add = async () => {
    setNameError(null);
    setUrlError(null);
    const done = await call(
      kiosk.admin.resourceAdd({ groupId: group.id, name, url }),
      (words, error) => {
        if (error.field === 'url') setUrlError(words);
        else setNameError(words);
      },
    );
    if (!done) return;
    setName('');
    setUrl('');
    await load();
    await onChanged();
  };
  const remove = async (id: number) => {
    const done = await call(kiosk.admin.resourceDelete({ id }), setListError);
    if (!done) return;
    await load();
    await onChanged();
  };

  return (
    <div>
      <h3>{t('groups.resourcesTitle')}</h3>
      <p className="hint">{t('groups.resourcesHint')}</p>
      <ul className="sec-list" data-testid="group-resources">
        {resources.map((r) => (
          <li key={r.id}>
            <span>
              <strong>{r.name}</strong> <span className="hint">{r.url}</span>
            </span>
            <button
              type="button"
              className="secondary-button"
              data-testid={`resource-delete-${r.name}`}
              onClick={() => void remove(r.id)}
            >
              {t('groups.removeResource', { name: r.name })}
            </button>
          </li>
        ))}
      </ul>
      <FormMessage id="group-resources-error" text={listError} />
      <RowForm onSubmit={add} submit={t('groups.addResource')} submitTestId="resource-add" primary>
        <TextField
          id="resource-name"
          label={t('groups.resourceName')}
          value={name}
          onChange={setName}
          error={nameError}
          maxLength={200}
        />
        <TextField
          id="resource-url"
          label={t('groups.resourceUrl')}
          hint={t('groups.resourceUrlHint')}
          value={url}
          onChange={setUrl}
          error={urlError}
          maxLength={2100}
        />
      </RowForm>
    </div>
  );
}

/** Fields in a row with their button: Enter in any field submits. */
function RowForm({
  onSubmit,
  submit,
  submitTestId,
  primary,
  search,
  children,
}: {
  onSubmit: () => Promise<void>;
  submit: string;
  submitTestId: string;
  primary?: boolean;
  search?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      className="sec-row"
      role={search ? 'search' : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
      <button
        type="submit"
        className={primary ? 'primary-button' : 'secondary-button'}
        data-testid={submitTestId}
      >
        {submit}
      </button>
    </form>
  );
}
