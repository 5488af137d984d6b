// Query module for groups, membership and the resources shown to each group's members.
import { prepared } from '../db/prepared';
import type { Db } from '../db/connection';
import type { Group } from '../../shared/domain';

export interface GroupResource {
  id: number;
  groupId: number;
  name: string;
  url: string;
}

export class GroupsTable {
  constructor(private readonly db: Db) {}

  list(): Group[] {
    return prepared(
      this.db,
      `SELECT g.id, g.name, count(m.user_id) AS memberCount
         FROM groups g LEFT JOIN group_members m ON m.group_id = g.id
         GROUP BY g.id ORDER BY g.name COLLATE NOCASE`,
    ).all() as Group[];
  }

  byName(name: string): { id: number; name: string } | undefined {
    return prepared(this.db, 'SELECT id, name FROM groups WHERE name = ? COLLATE NOCASE').get(
      name,
    ) as { id: number; name: string } | undefined;
  }

  byId(id: number): { id: number; name: string } | undefined {
    return prepared(this.db, 'SELECT id, name FROM groups WHERE id = ?').get(id) as
      { id: number; name: string } | undefined;
  }

  insert(name: string, now: number): number {
    return Number(
      prepared(this.db, 'INSERT INTO groups (name, created_at) VALUES (?, ?)').run(name, now)
        .lastInsertRowid,
    );
  }

  rename(id: number, name: string): void {
    prepared(this.db, 'UPDATE groups SET name = ? WHERE id = ?').run(name, id);
  }

  delete(id: number): void {
    prepared(this.db, 'DELETE FROM groups WHERE id = ?').run(id);
  }

  groupIdsOf(userId: number): number[] {
    return (
      prepared(this.db, 'SELECT group_id FROM group_members WHERE user_id = ?').all(
        userId,
      ) as Array<{
        group_id: number;
      }>
    ).map((r) => r.group_id);
  }

  groupNamesOf(userId: number): string[] {
    return (
      prepared(
        this.db,
        `SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id
           WHERE m.user_id = ? ORDER BY g.name COLLATE NOCASE`,
      ).all(userId) as Array<{ name: string }>
    ).map((r) => r.name);
  }

  setMemberships(userId: number, groupIds: number[]): void {
    prepared(this.db, 'DELETE FROM group_members WHERE user_id = ?').run(userId);
    this.addMemberships(userId, groupIds);
  }

  addMemberships(userId: number, groupIds: number[]): void {
    const add = prepared(
      this.db,
      'INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)',
    );
    for (const groupId of new Set(groupIds)) add.run(groupId, userId);
  }

  isMemberOfAny(userId: number, groupIds: readonly number[]): boolean {
    if (groupIds.length === 0) return false;
    const row = prepared(
      this.db,
      `SELECT 1 FROM group_members WHERE user_id = ? AND group_id IN (SELECT value FROM json_each(?)) LIMIT 1`,
    ).get(userId, JSON.stringify(groupIds));
    return row !== undefined;
  }

  resourcesFor(userId: number): GroupResource[] {
    return prepared(
      this.db,
      `SELECT DISTINCT r.id, r.group_id AS groupId, r.name, r.url FROM group_resources r
         JOIN group_members m ON m.group_id = r.group_id WHERE m.user_id = ? ORDER BY r.name`,
    ).all(userId) as GroupResource[];
  }

  addResource(groupId: number, name: string, url: string): number {
    return Number(
      prepared(this.db, 'INSERT INTO group_resources (group_id, name, url) VALUES (?, ?, ?)').run(
        groupId,
        name,
        url,
      ).lastInsertRowid,
    );
  }
}
