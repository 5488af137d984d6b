// Groups, membership and the resources (name + link) shown to each group's members after
// sign-in. Every change and its audit entry share one transaction.
import type { z } from 'zod';
import type { Db } from '../db/connection';
import type { AuditLog } from '../audit/audit-log';
import type { ConfigStore } from '../config/config-store';
import type { RegistryService } from '../registry/registry-service';
import { displayNameSchema, firstIssue, groupNameSchema, issueDetail } from '../../shared/schemas';
import type { GroupView, ResourceView } from '../../shared/admin';
import type { AdminQueries } from './admin-queries';
import { AdminError } from './errors';

export class GroupsAdmin {
  constructor(
    private readonly deps: {
      db: Db;
      registry: RegistryService;
      config: ConfigStore;
      audit: AuditLog;
      queries: AdminQueries;
    },
  ) {}

  list(): GroupView[] {
    const counts = this.deps.queries.resourceCounts();
    return this.deps.registry
      .listGroups()
      .map((g) => ({ ...g, resourceCount: counts.get(g.id) ?? 0 }));
  }

  get(id: number): GroupView {
    const group = this.list().find((g) => g.id === id);
    if (!group) throw new AdminError('group_not_found', `Group ${id} does not exist.`);
    return group;
  }

  add(name: string, actor: string): GroupView {
    const group = this.deps.registry.addGroup(name, actor);
    return { ...group, resourceCount: 0 };
  }

  rename(id: number, rawName: string, actor: string): GroupView {
    const name = parse(groupNameSchema, rawName, 'name');
    return this.deps.db.transaction(() => {
      const group = this.require(id);
      const clash = this.deps.registry.groups.byName(name);
      if (clash && clash.id !== id) {
        throw new AdminError('duplicate_group', `A group called ${name} already exists.`);
      }
      if (group.name !== name) {
        this.deps.registry.groups.rename(id, name);
        this.deps.audit.append({
          actor,
          action: 'group.rename',
          target: `group:${name}`,
          details: { from: group.name, to: name },
        });
      }
      return this.get(id);
    })();
  }

  /** Deletes the group (memberships and resources go with it) and drops it from the policy scope. */
  delete(id: number, actor: string): void {
    this.deps.db.transaction(() => {
      const group = this.require(id);
      const policy = this.deps.config.policy();
      if (policy.scopeGroupIds.includes(id)) {
        this.deps.config.updatePolicy(
          { scopeGroupIds: policy.scopeGroupIds.filter((g) => g !== id) },
          actor,
        );
      }
      // A group id can be reused by a new group, which must not inherit the PIN opt-out.
      if (policy.textPinOptOutGroupIds.includes(id)) {
        this.deps.config.updatePolicy(
          { textPinOptOutGroupIds: policy.textPinOptOutGroupIds.filter((g) => g !== id) },
          actor,
        );
      }
      const members = this.deps.queries.memberCount(id);
      this.deps.registry.groups.delete(id);
      this.deps.audit.append({
        actor,
        action: 'group.delete',
        target: `group:${group.name}`,
        details: { members },
      });
    })();
  }

  members(groupId: number, add: number[], remove: number[], actor: string): GroupView {
    return this.deps.db.transaction(() => {
      const group = this.require(groupId);
      const { users, groups } = this.deps.registry;
      const employeeIds = (ids: number[]) =>
        ids.map((id) => {
          const user = users.byId(id);
          if (!user) throw new AdminError('user_not_found', `Person ${id} does not exist.`);
          return user.employeeId;
        });
      const added = employeeIds(add);
      const removed = employeeIds(remove);
      for (const userId of add) groups.addMemberships(userId, [groupId]);
      for (const userId of remove) this.deps.queries.removeMember(groupId, userId);
      if (added.length || removed.length) {
        this.deps.audit.append({
          actor,
          action: 'group.members',
          target: `group:${group.name}`,
          details: { added, removed },
        });
      }
      return this.get(groupId);
    })();
  }

  resources(groupId: number): ResourceView[] {
    this.require(groupId);
    return this.deps.queries.resourcesOf(groupId);
  }

  addResource(groupId: number, rawName: string, rawUrl: string, actor: string): ResourceView {
    const name = parse(displayNameSchema, rawName, 'name').slice(0, 100);
    const url = checkUrl(rawUrl);
    return this.deps.db.transaction(() => {
      const group = this.require(groupId);
      const id = this.deps.registry.groups.addResource(groupId, name, url);
      this.deps.audit.append({
        actor,
        action: 'resource.add',
        target: `group:${group.name}`,
        details: { name, url },
      });
      return { id, groupId, name, url };
    })();
  }

  deleteResource(id: number, actor: string): void {
    this.deps.db.transaction(() => {
      const resource = this.deps.queries.resourceById(id);
      if (!resource) throw new AdminError('resource_not_found', `Resource ${id} does not exist.`);
      const group = this.deps.registry.groups.byId(resource.groupId);
      this.deps.queries.deleteResource(id);
      this.deps.audit.append({
        actor,
        action: 'resource.delete',
        target: `group:${group?.name ?? resource.groupId}`,
        details: { name: resource.name, url: resource.url },
      });
    })();
  }

  private require(id: number): { id: number; name: string } {
    const group = this.deps.registry.groups.byId(id);
    if (!group) throw new AdminError('group_not_found', `Group ${id} does not exist.`);
    return group;
  }
}

const url_ = (problem: string) => ({ field: 'url', params: { problem } });

/** A link the kiosk may open: http or https, a host, no user name or password in it. */
export function checkUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AdminError(
      'invalid_input',
      `"${text.slice(0, 80)}" is not a web address.`,
      url_('not_url'),
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AdminError(
      'invalid_input',
      'A resource link must start with https:// or http://.',
      url_('url_scheme'),
    );
  }
  if (!url.hostname) {
    throw new AdminError('invalid_input', 'A resource link needs a host name.', url_('url_host'));
  }
  if (url.username || url.password) {
    throw new AdminError(
      'invalid_input',
      'A resource link may not contain a user name or password.',
      url_('url_credentials'),
    );
  }
  if (url.href.length > 2000) {
    throw new AdminError('invalid_input', 'A resource link is longer than 2000 characters.', {
      field: 'url',
      params: { problem: 'too_big', max: 2000 },
    });
  }
  return url.href;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AdminError(
      'invalid_input',
      firstIssue(result.error),
      issueDetail(result.error, field),
    );
  }
  return result.data;
}
