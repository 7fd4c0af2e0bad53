/**
 * Terraform-style plan for a terminal: a legend, one block per SKU with `+ ~ -` and
 * `old -> new` per field, long text as a word diff, then the summary and the cost.
 */
import { createRequire } from 'node:module';
import type { diffWords as DiffWords } from 'diff';
import pc from 'picocolors';
import { formatSource } from '../model/source.js';
import type { FieldChange, Plan, ResourceChange } from '../plan/types.js';
import { safeText } from './safe-text.js';
import { costLine, formatValue, isLongText, NO_CHANGES, summaryLine } from './plan-format.js';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The word-diff library, loaded the first time a long text changes: most plans have none, and
 * its nineteen modules were a hundredth of a large plan's local work.
 */
let loadedDiffWords: typeof DiffWords | undefined;
function diffWords(before: string, after: string): ReturnType<typeof DiffWords> {
  loadedDiffWords ??= (createRequire(import.meta.url)('diff') as { diffWords: typeof DiffWords }).diffWords;
  return loadedDiffWords(before, after);
}

const VERB = { create: 'created', update: 'updated', delete: 'destroyed' } as const;
const SYMBOL = { create: '+', update: '~', delete: '-' } as const;

export function renderPlanHuman(plan: Plan, opts: { color: boolean }): string {
  return [...planHumanChunks(plan, opts)].join('');
}

/**
 * The same text in pieces, one per SKU: a plan of 100,000 SKUs renders to 44 MB, which as one
 * string (and its lines before the join) would be the largest thing in memory.
 */
export function* planHumanChunks(plan: Plan, opts: { color: boolean }): Generator<string> {
  const parts = planHumanParts(plan, opts, new Set(plan.changes.map((ch) => ch.action)));
  yield parts.start;
  for (const change of plan.changes) yield parts.change(change);
  yield parts.end;
}

/**
 * The pieces of a plan whose changes come one at a time (`show` renders a saved plan as it
 * reads it): what comes before the changes, one change, and what comes after. `actions` are
 * the actions the changes use (the legend lists those).
 */
export function planHumanParts(
  plan: Omit<Plan, 'changes'>,
  opts: { color: boolean },
  actions: ReadonlySet<ResourceChange['action']>,
): { start: string; change(change: ResourceChange): string; end: string } {
  const c = pc.createColors(opts.color);
  const lines: string[] = [];
  if (actions.size === 0) {
    lines.push(c.green(c.bold(NO_CHANGES)));
  } else {
    lines.push(c.bold(summaryLine(plan.summary)));
    for (const cost of plan.cost) lines.push(costLine(cost, plan.catalogSearches));
  }
  for (const w of plan.warnings) lines.push('', `${c.yellow(c.bold('Warning:'))} ${w.summary}`);
  return {
    start: actions.size === 0 ? '' : `${[...legend(actions, c), '', 'Shelf will perform the following actions:', ''].join('\n')}\n`,
    change: (change) => `${renderChange(change, c, plan.linkedProductNames).join('\n')}\n\n`,
    end: `${lines.join('\n')}\n`,
  };
}

function legend(used: ReadonlySet<ResourceChange['action']>, c: Colors): string[] {
  const lines = ['Resource actions are indicated with the following symbols:'];
  if (used.has('create')) lines.push(`  ${c.green('+')} create`);
  if (used.has('update')) lines.push(`  ${c.yellow('~')} update in-place`);
  if (used.has('delete')) lines.push(`  ${c.red('-')} destroy`);
  return lines;
}

function paint(symbol: string, c: Colors): string {
  return symbol === '+' ? c.green(symbol) : symbol === '-' ? c.red(symbol) : c.yellow(symbol);
}

/** `names`: catalog product names by uuid, shown next to a `product:` link. */
export function renderChange(change: ResourceChange, c: Colors, names: Record<string, string> = {}): string[] {
  const where = change.source ? ` (${formatSource(change.source)})` : '';
  const lines = [
    c.bold(`  # ${change.sku} will be ${VERB[change.action]}`) + c.dim(where),
    `  ${paint(SYMBOL[change.action], c)} sku ${JSON.stringify(change.sku)} {`,
  ];
  const width = Math.max(...change.fields.map((f) => f.path.length), 0);
  for (const field of change.fields) {
    const rendered = renderField(field, width, c);
    // A value from another file (a prices or stocks feed) says where it came from.
    if (field.source && change.source && field.source.file !== change.source.file)
      rendered[0] += c.dim(`  # ${formatSource(field.source)}`);
    const linked = field.path === 'product' && typeof field.after === 'string' ? names[field.after] : undefined;
    if (linked !== undefined) rendered[0] += c.dim(`  # ${safeText(linked, 80)}`);
    lines.push(...rendered);
  }
  lines.push('    }');
  return lines;
}

function fieldSymbol(f: FieldChange): '+' | '~' | '-' {
  if (f.after === undefined) return '-';
  if (f.before === undefined) return '+';
  return '~';
}

function renderField(f: FieldChange, width: number, c: Colors): string[] {
  const symbol = fieldSymbol(f);
  const head = `      ${paint(symbol, c)} ${f.path.padEnd(width)} = `;
  if (symbol === '+') return [head + formatValue(f.after)];
  if (symbol === '-') return [head + formatValue(f.before) + c.dim(' -> null')];
  if (isLongText(f.before, f.after)) return [head + c.dim('(word diff)'), `          ${wordDiff(f.before, f.after as string, c)}`];
  return [`${head}${formatValue(f.before)} -> ${formatValue(f.after)}`];
}

/** `[-removed-]{+added+}` without colour (as git's word diff), red/green with it. */
export function wordDiff(before: string, after: string, c: Colors): string {
  return diffWords(before, after)
    .map((part) => {
      if (part.added) return c.isColorSupported ? c.green(c.underline(part.value)) : `{+${part.value}+}`;
      if (part.removed) return c.isColorSupported ? c.red(c.strikethrough(part.value)) : `[-${part.value}-]`;
      return part.value;
    })
    .join('');
}
