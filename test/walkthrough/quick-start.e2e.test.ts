/**
 * The README's quick start, typed at a terminal: a pseudo-terminal (python3's `pty`, the one
 * tool every CI machine has) runs a POSIX shell through the documented lines, answers apply's
 * prompt with `yes`, and checks each step's exit code and what the terminal showed. So the
 * documented first run cannot silently break again. Runs the built CLI (`npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'shelf.js');
const PTY_RUN = join(ROOT, 'test', 'support', 'pty-run.py');

/** Why this machine cannot run the walkthrough, if it cannot. */
function missingTerminal(): string | undefined {
  const probe = spawnSync('python3', ['-c', 'import pty, select, json'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'python3 with its pty module is not available to open a pseudo-terminal';
  if (!existsSync('/bin/sh')) return 'no /bin/sh to type the quick start into';
  return undefined;
}
const skipReason = missingTerminal();
if (skipReason) console.warn(`quick-start walkthrough skipped: ${skipReason}`);

// The README's lines, each followed by a marker with its exit code. NO_COLOR=1 throughout, but
// for one plan with NO_COLOR empty (which means unset): it proves colours do reach this terminal.
const SCRIPT = `
export NO_COLOR=1
eval "$(shelf sandbox --time-scale 60 --detach)"
echo "@@ sandbox $? pid=$SHELF_SANDBOX_PID"
shelf init my-catalog && cd my-catalog
echo "@@ init $?"
shelf validate
echo "@@ validate $?"
shelf plan
echo "@@ plan $?"
NO_COLOR= shelf plan
echo "@@ colour-plan $?"
shelf apply
echo "@@ apply $?"
shelf plan --detailed-exitcode
echo "@@ replan $?"
kill $SHELF_SANDBOX_PID
echo "@@ end"
`;

interface Step {
  name: string;
  code: number;
  /** What the terminal showed between the previous marker and this one. */
  output: string;
}

function stepsOf(output: string): Step[] {
  const steps: Step[] = [];
  let start = 0;
  for (const m of output.matchAll(/^@@ (\S+)(?: (\d+))?.*$/gm)) {
    steps.push({ name: m[1]!, code: Number(m[2] ?? 0), output: output.slice(start, m.index) });
    start = m.index! + m[0].length;
  }
  return steps;
}

let sandboxPid: number | undefined;
afterAll(() => {
  try {
    if (sandboxPid) process.kill(sandboxPid);
  } catch {
    // already stopped by the walkthrough's own `kill`
  }
});

describe.skipIf(skipReason !== undefined)('the README quick start at a terminal', () => {
  let steps: Step[] = [];
  let whole = '';

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error('build first: npm run build (this test runs dist/cli/shelf.js)');
    const dir = mkdtempSync(join(tmpdir(), 'shelf-quick-start-'));
    const bin = join(dir, 'bin');
    spawnSync('mkdir', [bin]);
    // `shelf` as the README's alias makes it: the built CLI under this Node.js.
    writeFileSync(join(bin, 'shelf'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'shelf'), 0o755);
    const env: Record<string, string> = {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: dir,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
    };
    const spec = {
      argv: ['/bin/sh', '-c', SCRIPT],
      cwd: dir,
      env,
      answers: [['Enter a value:', 'yes\n']],
      timeout: 240,
    };
    const run = spawnSync('python3', [PTY_RUN, JSON.stringify(spec)], { encoding: 'utf8', timeout: 260_000, maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`pty-run.py failed (${run.status}): ${run.stderr}`);
    const result = JSON.parse(run.stdout) as { code: number; output: string; timed_out: boolean };
    whole = result.output;
    steps = stepsOf(whole);
    sandboxPid = Number(/pid=(\d+)/.exec(whole)?.[1]) || undefined;
    expect(result.timed_out, whole).toBe(false);
  }, 280_000);

  const step = (name: string): Step => {
    const found = steps.find((s) => s.name === name);
    if (!found) throw new Error(`the walkthrough never reached "${name}":\n${whole}`);
    return found;
  };

  it('starts the sandbox detached and scaffolds, validates and plans the new repository', () => {
    expect(step('sandbox').code, whole).toBe(0);
    expect(sandboxPid).toBeGreaterThan(0);
    expect(step('init').code, whole).toBe(0);
    expect(step('validate').code, whole).toBe(0);
    expect(step('plan').code, whole).toBe(0);
    expect(step('plan').output).toMatch(/Plan: 3 to add, 0 to change, 0 to destroy\./);
  });

  it('apply asks for "yes" on the terminal, shows live progress, applies and reports', () => {
    const apply = step('apply');
    expect(apply.code, apply.output).toBe(0);
    expect(apply.output).toContain('Do you want to perform these actions?');
    expect(apply.output).toContain('Enter a value: yes');
    // The live progress line, drawn only when stderr is a terminal.
    expect(apply.output).toMatch(/Applying: chunks \d+\/\d+ done/);
    expect(apply.output).not.toMatch(/^\S+Z apply: /m); // not the plain lines of a log
  });

  it('plan --detailed-exitcode then exits 0: nothing left to change', () => {
    expect(step('replan').code, whole).toBe(0);
    expect(step('replan').output).toContain('No changes.');
    expect(step('end')).toBeDefined();
  });

  it('NO_COLOR=1: not one colour or style sequence reaches the terminal; with NO_COLOR empty, colours do', () => {
    const colourPlan = step('colour-plan');
    expect(colourPlan.code).toBe(0);
    expect(colourPlan.output).toMatch(/\x1b\[[0-9;]*m/);
    const rest = steps.filter((s) => s !== colourPlan).map((s) => s.output).join('');
    // NO_COLOR is about colours and styles (SGR); redrawing a live line in place is not.
    expect(rest).not.toMatch(/\x1b\[[0-9;]*m/);
  });
});
