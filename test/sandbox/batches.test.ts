import { describe, expect, it } from 'vitest';
import { call, CLOTHING, type Json, makeSandbox, manualClock, SNEAKERS, tshirt, TSHIRTS } from './helpers.js';

/** Default timing: queued 1 s, then 2 s + 10 ms per item; approval 30 s. */
function setup() {
  const clock = manualClock();
  const sandbox = makeSandbox({ now: clock.now });
  return { clock, sandbox };
}

async function runBatch(
  ctx: ReturnType<typeof setup>,
  method: string,
  path: string,
  items: unknown[],
): Promise<{ batch: Json; errors: Json[]; successes: Json[] }> {
  const accepted = await call(ctx.sandbox, method, path, items);
  expect(accepted.status).toBe(202);
  ctx.clock.advance(60_000);
  const batch = (await call(ctx.sandbox, 'GET', `/api/i2/products/batch-requests/${accepted.body.id}`)).body;
  const errors = (await call(ctx.sandbox, 'GET', batch.error_file, undefined, {})).body;
  const successes = (await call(ctx.sandbox, 'GET', batch.success_file, undefined, {})).body;
  return { batch, errors, successes };
}

async function listed(ctx: ReturnType<typeof setup>, sku: string, approved = true) {
  const reply = await call(ctx.sandbox, 'GET', `/api/i2/products/?sku=${sku}&approved=${approved}`);
  return reply.body.results[0];
}

describe('batch lifecycle', () => {
  it('goes pending → processing → succeeded on the scaled clock, with files and processed_in', async () => {
    const ctx = setup();
    const items = [tshirt('L-1'), tshirt('L-2', 'Black', 'M')];
    const accepted = await call(ctx.sandbox, 'POST', '/api/i2/products/', items);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'pending', success_file: null, error_file: null, processed_in: null });
    const path = `/api/i2/products/batch-requests/${accepted.body.id}`;
    const request = await call(ctx.sandbox, 'GET', accepted.body.request_file, undefined, {});
    expect(request.body).toEqual(items);

    ctx.clock.advance(999);
    expect((await call(ctx.sandbox, 'GET', path)).body.status).toBe('pending');
    ctx.clock.advance(1);
    expect((await call(ctx.sandbox, 'GET', path)).body.status).toBe('processing');
    expect(await listed(ctx, 'L-1', false)).toBeUndefined();
    ctx.clock.advance(2019);
    expect((await call(ctx.sandbox, 'GET', path)).body.status).toBe('processing');
    ctx.clock.advance(1);
    const done = (await call(ctx.sandbox, 'GET', path)).body;
    expect(done).toMatchObject({ status: 'succeeded', processed_in: 2 });
    expect((await call(ctx.sandbox, 'GET', done.success_file, undefined, {})).body).toEqual(items);
    expect((await call(ctx.sandbox, 'GET', done.error_file, undefined, {})).body).toEqual([]);
  });

  it('creates products unapproved and approves them after the delay', async () => {
    const ctx = setup();
    await call(ctx.sandbox, 'POST', '/api/i2/products/', [tshirt('A-1')]);
    ctx.clock.advance(3010);
    expect(await listed(ctx, 'A-1')).toBeUndefined();
    expect((await listed(ctx, 'A-1', false)).approved).toBe(false);
    ctx.clock.advance(29_999);
    expect(await listed(ctx, 'A-1')).toBeUndefined();
    ctx.clock.advance(1);
    expect((await listed(ctx, 'A-1')).approved).toBe(true);
  });

  it('upserts an existing SKU in place, keeps approval, ignores unknown fields', async () => {
    const ctx = setup();
    ctx.sandbox.seed({ products: [{ ...tshirt('U-1'), price: '10.00', stock: 3 }] });
    const before = await listed(ctx, 'U-1');
    const { batch } = await runBatch(ctx, 'POST', '/api/i2/products/', [
      { ...tshirt('U-1', 'Navy', 'XL'), name: 'Renamed', colour_code: '#000080', images: ['https://x.test/a.jpg'] },
    ]);
    expect(batch.status).toBe('succeeded');
    const after = await listed(ctx, 'U-1');
    expect(after).toMatchObject({ id: before.id, name: 'Renamed', approved: true, price: '10.00', stock: 3 });
    expect(after.attributes).toEqual({ COLOR: 'Navy', SIZE: 'XL' });
    expect(after.images).toEqual(['https://x.test/a.jpg']);
    expect(after).not.toHaveProperty('colour_code');
    expect(after.updated_at > before.updated_at).toBe(true);
  });

  it('reports each product rule in the error file as [{field: message}], partially succeeding', async () => {
    const ctx = setup();
    ctx.sandbox.seed({ products: [{ ...tshirt('OFFER-1'), attributes: { COLOR: 'Red', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: 2 } }] });
    const { batch, errors, successes } = await runBatch(ctx, 'POST', '/api/i2/products/', [
      tshirt('OK-1'),
      tshirt('BAD-COLOR', 'Teal'),
      { ...tshirt('NO-SIZE'), attributes: { COLOR: 'Red' } },
      { ...tshirt('NON-LEAF'), category: CLOTHING },
      { ...tshirt('NO-CAT'), category: '00000000-0000-4000-8000-000000000000' },
      { ...tshirt('OFFER-1'), attributes: { COLOR: 'Red', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: 5 } },
      { sku: 'NO-NAME', base_code: 'X', category: SNEAKERS, attributes: { COLOR: 'Red', SIZE: '40' } },
      { ...tshirt('BAD-LINK'), product: '11111111-1111-4111-8111-111111111111' },
    ]);
    expect(batch.status).toBe('partially_succeeded');
    expect(successes.map((r: { sku: string }) => r.sku)).toEqual(['OK-1']);
    const bySku = Object.fromEntries(errors.map((r: { sku: string; errors: unknown }) => [r.sku, r.errors]));
    expect(bySku).toEqual({
      'BAD-COLOR': [{ attributes: '"Teal" is not a valid choice for COLOR.' }],
      'NO-SIZE': [{ attributes: 'The attribute SIZE is required.' }],
      'NON-LEAF': [{ category: 'A product can only be assigned to a leaf category.' }],
      'NO-CAT': [{ category: 'A category with the given id is not found.' }],
      'OFFER-1': [{ attributes: 'The attribute ESTIMATED_SHIPPING_DURATION cannot be changed after the product is created.' }],
      'NO-NAME': [{ name: 'This field is required.' }],
      'BAD-LINK': [{ product: 'A catalog product with the given id is not found.' }],
    });
    // The failed record is echoed as it was sent, plus its errors.
    expect(errors.find((r: { sku: string }) => r.sku === 'BAD-COLOR').attributes).toEqual({ COLOR: 'Teal', SIZE: 'S' });
    expect(await listed(ctx, 'BAD-COLOR', false)).toBeUndefined();
  });

  it('enforces the richer category (booleans, dates, an optional dropdown) and downloadable images; accepts localizable text and keys outside the category', async () => {
    const ctx = setup();
    const attrs = (extra: Record<string, unknown>) => ({ COLOR: 'Red', SIZE: 'S', ...extra });
    const { errors, successes } = await runBatch(ctx, 'POST', '/api/i2/products/', [
      { ...tshirt('RICH-OK'), attributes: attrs({ FIT: 'Slim', ORGANIC: true, LAUNCH_DATE: '2026-03-01', CARE_INSTRUCTIONS: 'Wash cold', WARRANTY_MONTHS: 12 }) },
      { ...tshirt('BAD-BOOL'), attributes: attrs({ ORGANIC: 'yes' }) },
      { ...tshirt('BAD-DATE'), attributes: attrs({ LAUNCH_DATE: 'next week' }) },
      { ...tshirt('BAD-FIT'), attributes: attrs({ FIT: 'Baggy' }) },
      { ...tshirt('BAD-IMAGE'), images: ['https://cdn.invalid/tee.jpg'] },
    ]);
    expect(successes.map((r: { sku: string }) => r.sku)).toEqual(['RICH-OK']);
    expect(Object.fromEntries(errors.map((r: { sku: string; errors: unknown }) => [r.sku, r.errors]))).toEqual({
      'BAD-BOOL': [{ attributes: 'The attribute ORGANIC must be true or false.' }],
      'BAD-DATE': [{ attributes: 'The attribute LAUNCH_DATE must be a date (YYYY-MM-DD).' }],
      'BAD-FIT': [{ attributes: '"Baggy" is not a valid choice for FIT.' }],
      // An image the API cannot download: a refusal only the batch can give.
      'BAD-IMAGE': [{ images: 'The image https://cdn.invalid/tee.jpg could not be downloaded.' }],
    });
    const schema = (await call(ctx.sandbox, 'GET', `/api/i2/categories/${TSHIRTS}/attributes/`)).body as Json[];
    expect(schema.find((a) => a.key === 'CARE_INSTRUCTIONS')).toMatchObject({ data_type: 'text', is_localizable: true });
    expect(schema.filter((a) => a.is_required).map((a) => a.key)).toEqual(['COLOR', 'SIZE']);
    expect(schema.filter((a) => a.is_offer).map((a) => a.key)).toEqual(['ESTIMATED_SHIPPING_DURATION']);
  });

  it('refuses a stock update of a product whose stock the marketplace operator locked, per record', async () => {
    const ctx = setup();
    ctx.sandbox.seed({ products: [{ ...tshirt('LOCK-1'), stock: 3, stock_locked: true }, { ...tshirt('FREE-1'), stock: 3 }] });
    const { batch, errors } = await runBatch(ctx, 'POST', '/api/i2/products/stocks/', [
      { sku: 'LOCK-1', stock: '5' },
      { sku: 'FREE-1', stock: '5' },
    ]);
    expect(batch.status).toBe('partially_succeeded');
    expect(errors.map((r: { sku: string; errors: unknown }) => [r.sku, r.errors])).toEqual([
      ['LOCK-1', [{ stock: 'The stock of this product is locked by the marketplace operator and cannot be updated.' }]],
    ]);
    // Prices stay writable.
    expect((await runBatch(ctx, 'POST', '/api/i2/products/prices/', [{ sku: 'LOCK-1', price: '10.00' }])).batch.status).toBe('succeeded');
  });

  it('keeps an offer attribute that a later upsert leaves out, and accepts it unchanged', async () => {
    const ctx = setup();
    ctx.sandbox.seed({ products: [{ ...tshirt('E-1'), attributes: { COLOR: 'Red', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: 2 } }] });
    const same = await runBatch(ctx, 'POST', '/api/i2/products/', [
      { ...tshirt('E-1'), attributes: { COLOR: 'Black', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: '2' } },
    ]);
    expect(same.batch.status).toBe('succeeded');
    await runBatch(ctx, 'POST', '/api/i2/products/', [tshirt('E-1', 'Blue')]);
    expect((await listed(ctx, 'E-1')).attributes).toEqual({ COLOR: 'Blue', SIZE: 'S', ESTIMATED_SHIPPING_DURATION: '2' });
  });

  it('validates prices and stocks: unknown SKU, price ≤ 0, retail below price, negative or non-integer stock', async () => {
    const ctx = setup();
    ctx.sandbox.seed({ products: [tshirt('P-1'), tshirt('P-2'), tshirt('P-3')] });
    const prices = await runBatch(ctx, 'POST', '/api/i2/products/prices/', [
      { sku: 'P-1', price: '199.90', retail_price: 249.9, currency: 'TRY' },
      { sku: 'P-2', price: '0' },
      { sku: 'P-3', price: '100.00', retail_price: '99.99' },
      { sku: 'GHOST', price: '1.00' },
      { sku: 'P-3', price: '1.999' },
    ]);
    expect(prices.batch.status).toBe('partially_succeeded');
    expect(prices.errors.map((r: { errors: unknown }) => r.errors)).toEqual([
      [{ price: 'Ensure this value is greater than 0.' }],
      [{ retail_price: 'Retail price cannot be lower than price.' }],
      [{ sku: 'A product with the given SKU is not found.' }],
      [{ price: 'Ensure that there are no more than 2 decimal places.' }],
    ]);
    const stocks = await runBatch(ctx, 'POST', '/api/i2/products/stocks/', [
      { sku: 'P-1', stock: '10' },
      { sku: 'P-2', stock: 4 },
      { sku: 'P-3', stock: -1 },
      { sku: 'P-3', stock: '2.5' },
    ]);
    expect(stocks.errors.map((r: { errors: unknown }) => r.errors)).toEqual([
      [{ stock: 'Ensure this value is greater than or equal to 0.' }],
      [{ stock: 'A valid integer is required.' }],
    ]);
    expect(await listed(ctx, 'P-1')).toMatchObject({ price: '199.90', retail_price: '249.90', stock: 10 });
    expect(await listed(ctx, 'P-2')).toMatchObject({ price: null, stock: 4 });
    const both = await runBatch(ctx, 'POST', '/api/i2/products/prices-and-stocks/', [
      { sku: 'P-2', price: '5.5', stock: '7' },
      { sku: 'P-3', stock: 1 },
      { sku: 'P-1' },
    ]);
    expect(both.errors.map((r: { sku: string }) => r.sku)).toEqual(['P-1']);
    expect(await listed(ctx, 'P-2')).toMatchObject({ price: '5.50', stock: 7 });
    expect(await listed(ctx, 'P-3')).toMatchObject({ price: null, stock: 1 });
  });

  it('deletes products and reports unknown SKUs; a batch where every record fails is "failed"', async () => {
    const ctx = setup();
    ctx.sandbox.seed({ products: [tshirt('D-1')] });
    const first = await runBatch(ctx, 'DELETE', '/api/i2/products/', [{ sku: 'D-1' }, { sku: 'D-9' }]);
    expect(first.batch.status).toBe('partially_succeeded');
    expect(first.errors).toEqual([{ sku: 'D-9', errors: [{ sku: 'A product with the given SKU is not found.' }] }]);
    expect(ctx.sandbox.dumpState().products).toEqual([]);
    const second = await runBatch(ctx, 'DELETE', '/api/i2/products/', [{ sku: 'D-1' }]);
    expect(second.batch.status).toBe('failed');
  });

  it('refuses more than 1000 items, an empty list or a non-list synchronously with 400', async () => {
    const ctx = setup();
    const many = Array.from({ length: 1001 }, (_, i) => ({ sku: `S-${i}`, stock: 1 }));
    const tooMany = await call(ctx.sandbox, 'POST', '/api/i2/products/stocks/', many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.non_field_errors[0]).toMatch(/1000/);
    expect((await call(ctx.sandbox, 'POST', '/api/i2/products/stocks/', many.slice(0, 1000))).status).toBe(202);
    expect((await call(ctx.sandbox, 'POST', '/api/i2/products/', [])).status).toBe(400);
    expect((await call(ctx.sandbox, 'POST', '/api/i2/products/', { sku: 'x' })).status).toBe(400);
    expect(ctx.sandbox.dumpState().batches).toHaveLength(1);
  });

  it('answers 404 for an unknown batch and for files not written yet', async () => {
    const ctx = setup();
    expect((await call(ctx.sandbox, 'GET', '/api/i2/products/batch-requests/nope')).status).toBe(404);
    const accepted = await call(ctx.sandbox, 'POST', '/api/i2/products/', [tshirt('F-1')]);
    const early = await call(ctx.sandbox, 'GET', `/files/${accepted.body.id}-e.json`, undefined, {});
    expect(early.status).toBe(404);
  });

  it('processes batches in submission order, so a price sent after its product batch finished applies', async () => {
    const ctx = setup();
    await call(ctx.sandbox, 'POST', '/api/i2/products/', [tshirt('O-1')]);
    ctx.clock.advance(100);
    await call(ctx.sandbox, 'POST', '/api/i2/products/prices/', [{ sku: 'O-1', price: '9.99' }]);
    ctx.clock.advance(60_000);
    const state = ctx.sandbox.dumpState();
    expect(state.batches.map((b) => b.phase)).toEqual(['succeeded', 'succeeded']);
    expect(state.products[0]).toMatchObject({ sku: 'O-1', price: '9.99' });
  });
});
