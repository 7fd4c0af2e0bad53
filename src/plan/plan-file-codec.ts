/**
 * The plan file's content, without I/O: a header line (the saved plan with `plan.changes`
 * replaced by their count) and then one JSON line per change. The encoding is generic: any
 * field of the saved plan, the plan or a change is written as JSON as it is. Only what a change
 * derives from its own records is left out, the per-field changes and the SKU's source (a
 * third of a create's bytes), and made again on reading by the same functions the diff uses;
 * the stored `changed` list is checked against them, so a plan never silently means something
 * else than what was planned.
 */
import type { DesiredProduct, RemoteProduct } from '../model/product.js';
import { changedFieldNames, creationFields, deletionFields, updateFields } from './field-changes.js';
import type { FieldChange, Plan, ResourceChange } from './types.js';

/** The first line of a plan file: everything but the changes, and how many change lines follow. */
export interface PlanFileHeader {
  shelf_plan_version: number;
  plan: Omit<Plan, 'changes'>;
  change_count: number;
  [key: string]: unknown;
}

/** A change as stored: without the parts derived from its records. */
export type StoredChange = Omit<ResourceChange, 'fields' | 'source'>;

export function planFileHeader<T extends { shelf_plan_version: number; plan: Plan }>(saved: T): PlanFileHeader {
  const { changes, ...rest } = saved.plan;
  return { ...saved, plan: rest, change_count: changes.length };
}

export function changeLine(change: ResourceChange): string {
  const { fields: _fields, source: _source, ...stored } = change;
  return JSON.stringify(stored);
}

/** The saved plan a header describes, its changes still to be added. */
export function savedPlanOf<T>(header: PlanFileHeader): T {
  const { change_count: _count, plan, ...rest } = header;
  return { ...rest, plan: { ...plan, changes: [] } } as T;
}

function fieldsOf(action: StoredChange['action'], before: RemoteProduct | null, after: DesiredProduct | null): FieldChange[] | undefined {
  if (action === 'create') return after && !before ? creationFields(after) : undefined;
  if (action === 'update') return after && before ? updateFields(after, before) : undefined;
  return before && !after ? deletionFields(before) : undefined;
}

/**
 * One copy of each catalog file name for the source positions of every change read: JSON.parse
 * makes a string per position, and a desired record holds one per field (100,000 SKUs: 1.1
 * million copies of the same name, 34 MB of a saved plan's 340 MB heap during apply).
 */
export function sourceFileInterner(): (record: DesiredProduct) => void {
  const names = new Map<string, string>();
  const one = (name: string) => {
    const known = names.get(name);
    if (known !== undefined) return known;
    names.set(name, name);
    return name;
  };
  return (record) => {
    record.source.file = one(record.source.file);
    for (const pos of Object.values(record.fieldSources)) pos.file = one(pos.file);
  };
}

/**
 * The change a stored line (already checked for shape) stands for, or why it cannot be one:
 * records that do not fit the action, or a `changed` list its records do not give.
 */
export function restoreChange(stored: StoredChange, path: string): { change: ResourceChange } | { flaw: string } {
  const fields = fieldsOf(stored.action, stored.before, stored.after);
  if (!fields) return { flaw: `${path} does not hold the records a ${stored.action} needs` };
  const names = changedFieldNames(fields);
  if (names.length !== stored.changed.length || names.some((name, i) => name !== stored.changed[i]))
    return { flaw: `${path}.changed (${stored.changed.join(', ')}) is not what its records change (${names.join(', ')})` };
  // Built field by field, in the order a plan makes them: a spread of the parsed line gives
  // each change a hidden class of its own (100,000 SKUs: 29 MB of maps and descriptors).
  const { sku, action, changed, before, after, remoteFingerprint } = stored;
  const change: ResourceChange = after
    ? { sku, action, changed, before, after, remoteFingerprint, fields, source: after.source }
    : { sku, action, changed, before, after, remoteFingerprint, fields };
  return { change };
}
