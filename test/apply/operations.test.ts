import { describe, expect, it } from 'vitest';
import { operationsFromPlan } from '../../src/plan/writes/operations.js';
import { findStaleRecords, staleDiagnostics } from '../../src/plan/stale-check.js';
import type { Decimal } from '../../src/model/decimal.js';
import type { DesiredProduct, RemoteProduct } from '../../src/model/product.js';
import { fingerprintRemote } from '../../src/plan/fingerprint.js';
import type { Plan, ResourceChange } from '../../src/plan/types.js';

const src = { file: 'catalog/a.yaml', line: 3, column: 5 };
const desired = (sku: string, extra: Partial<DesiredProduct> = {}): DesiredProduct => ({
  sku,
  name: 'Tee',
  base_code: 'TEE',
  category: 'cat',
  attributes: { COLOR: 'Red' },
  source: src,
  fieldSources: {},
  ...extra,
});
const remote = (sku: string, extra: Partial<RemoteProduct> = {}): RemoteProduct => ({
  sku,
  name: 'Old',
  base_code: 'TEE',
  category: 'cat',
  attributes: { COLOR: 'Blue', LEGACY: 'x' },
  images: ['https://img/remote.jpg'],
  videos: [],
  product: 'catalog-1',
  price: '5.00' as Decimal,
  retail_price: '6.00' as Decimal,
  stock: 1,
  ...extra,
});
const plan = (changes: ResourceChange[]): Plan => ({
  summary: { add: 0, change: 0, destroy: 0, unchanged: 0 },
  changes,
  cost: [],
  warnings: [],
});
const change = (c: Partial<ResourceChange> & Pick<ResourceChange, 'sku' | 'action'>): ResourceChange => ({
  changed: [],
  fields: [],
  before: null,
  after: null,
  remoteFingerprint: null,
  ...c,
});

describe('operationsFromPlan', () => {
  it('upserts the full product body without wiping fields the repository does not manage', () => {
    const r = remote('A');
    const ops = operationsFromPlan(
      plan([change({ sku: 'A', action: 'update', changed: ['name', 'attributes'], before: r, after: desired('A') })]),
    );
    expect(ops.products).toEqual([
      {
        sku: 'A',
        action: 'update',
        body: {
          sku: 'A',
          name: 'Tee',
          base_code: 'TEE',
          category: 'cat',
          attributes: { COLOR: 'Red' },
          images: ['https://img/remote.jpg'],
          videos: [],
          product: 'catalog-1',
        },
      },
    ]);
    expect(ops.offers).toEqual([]);
  });

  it('writes only offers for a price change, sending price and retail price together', () => {
    const d = desired('A', { price: '7.00' as Decimal, retail_price: '6.00' as Decimal, stock: 1 });
    const ops = operationsFromPlan(plan([change({ sku: 'A', action: 'update', changed: ['price'], before: remote('A'), after: d })]));
    expect(ops.products).toEqual([]);
    expect(ops.offers).toEqual([
      {
        sku: 'A',
        afterCreate: false,
        write: { sku: 'A', price: '7.00', retail_price: '6.00' },
        managed: { sku: 'A', price: '7.00', retail_price: '6.00', stock: 1 },
      },
    ]);
  });

  it('creates with every managed offer field, after the product, and deletes by SKU', () => {
    const d = desired('N', { price: '9.90' as Decimal, stock: 0 });
    const ops = operationsFromPlan(
      plan([change({ sku: 'N', action: 'create', after: d }), change({ sku: 'OLD', action: 'delete', before: remote('OLD') })]),
    );
    expect(ops.products.map((p) => p.action)).toEqual(['create']);
    expect(ops.offers).toEqual([
      { sku: 'N', afterCreate: true, write: { sku: 'N', price: '9.90', stock: 0 }, managed: { sku: 'N', price: '9.90', stock: 0 } },
    ]);
    expect(ops.deletes).toEqual([{ sku: 'OLD' }]);
  });
});

describe('findStaleRecords', () => {
  it('names SKUs changed, deleted or created remotely since the plan', () => {
    const a = remote('A');
    const b = remote('B');
    const p = plan([
      change({ sku: 'A', action: 'update', before: a, remoteFingerprint: fingerprintRemote(a) }),
      change({ sku: 'B', action: 'update', before: b, remoteFingerprint: fingerprintRemote(b) }),
      change({ sku: 'C', action: 'delete', before: remote('C'), remoteFingerprint: fingerprintRemote(remote('C')) }),
      change({ sku: 'N', action: 'create', after: desired('N') }),
    ]);
    const now = [a, { ...b, stock: 99 }, remote('N')];
    expect(findStaleRecords(p, now)).toEqual([
      { sku: 'B', kind: 'changed', reason: 'changed remotely after the plan was made: stock 1 → 99' },
      { sku: 'C', kind: 'applied', reason: 'is already deleted' },
      { sku: 'N', kind: 'created', reason: 'was created remotely after the plan was made' },
    ]);
    expect(findStaleRecords(p, [a, b, remote('C')])).toEqual([]);
  });

  it('names each changed field with its old and new value, and an update that is gone', () => {
    const b = remote('B');
    const p = plan([
      change({ sku: 'B', action: 'update', before: b, after: desired('B'), remoteFingerprint: fingerprintRemote(b) }),
      change({ sku: 'G', action: 'update', before: remote('G'), after: desired('G'), remoteFingerprint: fingerprintRemote(remote('G')) }),
    ]);
    const now = { ...b, price: '4.50' as Decimal, attributes: { ...b.attributes, SIZE: 'M' } };
    expect(findStaleRecords(p, [now])).toEqual([
      { sku: 'B', kind: 'changed', reason: 'changed remotely after the plan was made: price "5.00" → "4.50", attributes.SIZE (none) → "M"' },
      { sku: 'G', kind: 'gone', reason: 'no longer exists remotely' },
    ]);
  });

  it('a plan whose every change the remote already holds "was already applied", not "changed remotely"', () => {
    const b = remote('B');
    const want = desired('B', { name: 'New', attributes: { COLOR: 'Blue', LEGACY: 'x' } });
    const p = plan([
      change({ sku: 'B', action: 'update', before: b, after: want, remoteFingerprint: fingerprintRemote(b) }),
      change({ sku: 'N', action: 'create', after: desired('N') }),
      change({ sku: 'C', action: 'delete', before: remote('C'), remoteFingerprint: fingerprintRemote(remote('C')) }),
    ]);
    const applied = { ...b, name: 'New' };
    const created = { ...remote('N'), name: 'Tee', attributes: { COLOR: 'Red' } };
    const stale = findStaleRecords(p, [applied, created]);
    expect(stale.map((s) => s.kind)).toEqual(['applied', 'applied', 'applied']);
    const [head] = staleDiagnostics(p, stale);
    expect(head).toMatchObject({ code: 'plan-already-applied', summary: expect.stringMatching(/^This plan was already applied/) });
    // Partly applied, partly changed by someone else: stale, and it says which is which.
    const mixed = findStaleRecords(p, [{ ...b, name: 'Other' }, created]);
    expect(staleDiagnostics(p, mixed)[0]!.summary).toBe(
      'The saved plan is stale: 3 remote records changed since it was made (2 of them already as this plan would make them). Nothing was written.',
    );
  });
});
