/**
 * The built CLI against the sandbox: a catalog path that cannot be read, or a link leading out of
 * the repository, stops validate, plan, apply and import with exit 1 before any write, and a
 * token file linked into the catalog is never printed. With `prune: true`, reading such a
 * catalog as a smaller one would plan the missing products as deletions.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI, type CliResult, cliBuilt, runCli } from '../support/cli.js';
import { type RunningSandbox, startSandbox, TOKEN } from '../support/sandbox-harness.js';
import { productSeed, productYaml, writeRepo, TIME_SCALE } from '../plan/e2e-fixtures.js';

const SKUS = Array.from({ length: 20 }, (_, i) => `NB-T${String(i + 1).padStart(2, '0')}-S`);
const SETTINGS = 'prune: true\nscope:\n  sku_prefixes: ["NB-"]\n';
/** What a seller's API key looks like: nothing of it may appear in any output. */
const SECRET = 'sk_live_51Hx9vQe2Zr8TbN3kLmP0wYc';
const KEY_PART = SECRET.slice('sk_live_'.length);

const products = (skus: readonly string[]) => `products:\n${skus.map((s) => productYaml(s)).join('')}`;

let harness: RunningSandbox | undefined;
const scratch: string[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
afterAll(() => {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(token = TOKEN) {
  harness = await startSandbox({ timeScale: TIME_SCALE, batchProcessingMs: {},  token });
  harness.sandbox.seed({ products: SKUS.map((s) => productSeed(s)) });
  return { h: harness, env: { SHELF_URL: harness.server.url, SHELF_TOKEN: token } };
}

function outsideDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-outside-'));
  scratch.push(dir);
  return dir;
}

function repo(files: Record<string, string>): string {
  const root = writeRepo(SETTINGS, files);
  scratch.push(root);
  return root;
}

/** Each case runs the built CLI several times; Node start-up alone takes seconds on a busy machine. */
const SLOW = { timeout: 240_000 };

const writes = (h: RunningSandbox) => h.sandbox.requestLog().filter((e) => e.method !== 'GET');

/** Every command that reads the catalog, as CI and users run them. */
const COMMANDS: [string, string[]][] = [
  ['validate', ['validate']],
  ['plan', ['plan']],
  ['plan --json', ['plan', '--json']],
  ['plan --markdown', ['plan', '--markdown', '--detailed-exitcode']],
  ['apply', ['apply', '--auto-approve']],
  ['import --force', ['import', '--force']],
];

/** The text of every regular file under `dir` (the repository and its .shelf/; not the link to the token), for grepping. */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => lstatSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

describe.skipIf(!cliBuilt())('catalog discovery, end to end', SLOW, () => {
  it('with prune: true, 20 products and one symlinked directory outside the repository: every command exits 1 and nothing is written', async () => {
    const { h, env } = await start();
    const shared = outsideDir();
    writeFileSync(join(shared, 'nb-20.yaml'), products(SKUS.slice(19)));
    const root = repo({ 'catalog/products.yaml': products(SKUS.slice(0, 19)) });
    symlinkSync(shared, join(root, 'catalog', 'linked'));
    const results = new Map<string, CliResult>();
    for (const [name, args] of COMMANDS) {
      const res = await runCli([...args, root], env);
      results.set(name, res);
      expect({ name, code: res.code }).toEqual({ name, code: 1 });
      expect(res.stdout + res.stderr).toContain('catalog/linked is a symbolic link that points outside the repository');
      expect(res.stdout + res.stderr).not.toContain('destroy');
    }
    const json = JSON.parse(results.get('plan --json')!.stdout) as { errors: { code: string }[] };
    expect(json.errors.map((e) => e.code)).toEqual(['symlink-outside-repository']);
    expect(writes(h)).toEqual([]);
    expect(h.sandbox.dumpState().products.map((p) => p.sku).sort()).toEqual(SKUS);
  });

  it('a symlinked directory inside the repository is followed: the same catalog plans no changes', async () => {
    const { h, env } = await start();
    const root = repo({ 'catalog/products.yaml': products(SKUS.slice(0, 19)), 'shared-products/nb-20.yaml': products(SKUS.slice(19)) });
    symlinkSync('../shared-products', join(root, 'catalog', 'linked'));
    const validate = await runCli(['validate', root], env);
    expect(validate.stdout).toContain('20 products in 2 files');
    const plan = await runCli(['plan', '--detailed-exitcode', root], env);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    expect(writes(h)).toEqual([]);
  });

  it('`ln -s $SHELF_TOKEN_FILE catalog/zz.yaml`: "points outside the repository", and the token is printed nowhere', async () => {
    const { h, env } = await start(SECRET);
    const tokenFile = join(outsideDir(), 'token');
    writeFileSync(tokenFile, `${SECRET}\n`);
    const root = repo({ 'catalog/products.yaml': products(SKUS) });
    symlinkSync(tokenFile, join(root, 'catalog', 'zz.yaml'));
    const tokenEnv = { SHELF_URL: env.SHELF_URL, SHELF_TOKEN_FILE: tokenFile };
    const outputs: CliResult[] = [];
    for (const [name, args] of COMMANDS) {
      // As in CI: diagnostics are also printed as workflow annotations.
      const res = await runCli([...args, root], { ...tokenEnv, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: root });
      expect({ name, code: res.code }).toEqual({ name, code: 1 });
      expect(res.stdout + res.stderr).toContain('catalog/zz.yaml is a symbolic link that points outside the repository');
      outputs.push(res);
    }
    const plan = join(outsideDir(), 'plan.json');
    outputs.push(await runCli(['plan', '--out', plan, root], tokenEnv));
    const everything = [...outputs.flatMap((o) => [o.stdout, o.stderr]), allText(root)].join('\n');
    expect(everything).not.toContain('sk_live');
    expect(everything).not.toContain(KEY_PART);
    expect(writes(h)).toEqual([]);
  });

  it('a file inside the repository that is not a YAML mapping still gets the usual diagnostic, with its line', async () => {
    const { h, env } = await start();
    const root = repo({ 'catalog/products.yaml': products(SKUS), 'catalog/zz.yaml': 'hello-not-a-mapping\n' });
    const res = await runCli(['validate', root], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('`document` must be a mapping, not "hello-not-a-mapping"');
    expect(res.stderr).toContain('on catalog/zz.yaml:1:1:\n     1: hello-not-a-mapping');
    expect((await runCli(['plan', root], env)).code).toBe(1);
    expect(writes(h)).toEqual([]);
  });
});

/**
 * Permissions stop only users other than root. As root, the CLI is run as `nobody` through
 * setpriv when the machine has it; otherwise the case is skipped (the symlink cases above do not
 * depend on the user).
 */
const NOBODY = 65534;
const runsAsRoot = process.getuid?.() === 0;
const canDropToNobody =
  runsAsRoot && spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, '-e', ''], { stdio: 'ignore' }).status === 0;
const nonRootPossible = !runsAsRoot || canDropToNobody;

/** `runCli`, as the user `nobody` when this process is root. */
function runAsNonRoot(args: string[], env: Record<string, string>): Promise<CliResult> {
  if (!runsAsRoot) return runCli(args, env);
  const drop = [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
  return new Promise((done) => {
    execFile('setpriv', [...drop, process.execPath, CLI, ...args], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A repository the non-root user owns (it writes .shelf/), with `locked` made unreadable. */
function lockedRepo(files: Record<string, string>, locked: string): string {
  const root = repo(files);
  if (runsAsRoot) {
    for (const name of ['', ...readdirSync(root, { recursive: true, encoding: 'utf8' })]) chownSync(join(root, name), NOBODY, NOBODY);
  }
  chmodSync(join(root, locked), 0o000);
  return root;
}

describe.skipIf(!cliBuilt() || !nonRootPossible)(`unreadable catalog paths, run as a non-root user${runsAsRoot ? ' (nobody, through setpriv)' : ''}`, SLOW, () => {
  it('with prune: true, `chmod 000 catalog/sub`: every command exits 1 naming the directory, and nothing is written', async () => {
    const { h, env } = await start();
    const root = lockedRepo({ 'catalog/products.yaml': products(SKUS.slice(0, 19)), 'catalog/sub/nb-20.yaml': products(SKUS.slice(19)) }, 'catalog/sub');
    for (const [name, args] of COMMANDS) {
      const res = await runAsNonRoot([...args, root], env);
      expect({ name, code: res.code }).toEqual({ name, code: 1 });
      expect(res.stdout + res.stderr).toContain('The catalog directory catalog/sub cannot be read (permission denied, EACCES)');
      expect(res.stdout + res.stderr).not.toContain('unexpected problem');
    }
    expect(writes(h)).toEqual([]);
    expect(h.sandbox.dumpState().products).toHaveLength(20);
  });

  it('an unreadable catalog file is a diagnostic naming it and the fix, not an unexpected problem', async () => {
    const { h, env } = await start();
    const root = lockedRepo({ 'catalog/products.yaml': products(SKUS.slice(0, 19)), 'catalog/nb-20.yaml': products(SKUS.slice(19)) }, 'catalog/nb-20.yaml');
    for (const [name, args] of COMMANDS) {
      const res = await runAsNonRoot([...args, root], env);
      expect({ name, code: res.code }).toEqual({ name, code: 1 });
      expect(res.stdout + res.stderr).toContain('The catalog file catalog/nb-20.yaml cannot be read (permission denied, EACCES)');
      expect(res.stdout + res.stderr).toContain('chmod u+r');
      expect(res.stdout + res.stderr).not.toContain('unexpected problem');
    }
    expect(writes(h)).toEqual([]);
  });
});
