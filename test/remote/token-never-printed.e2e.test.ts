/**
 * The token never leaves shelf: a suite of failing runs of the built CLI against the sandbox
 * over loopback, then a search of every output stream, every file under the repositories and
 * their `.shelf/`, and the plan file, for the token, its key and any 12 characters of the key.
 *
 * The runs: an API that answers 401 echoing the key (reads and writes), a token file linked and
 * copied into the catalog, a malformed catalog holding the token (once on a line so long that
 * its excerpt cuts the key), a failed apply record, `--debug`, `--json`, `--markdown`, GitHub
 * annotations, `plan --out`, `show`, and `shelf sandbox` itself seeded from the leaky catalog.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox, type SandboxServer, startSandboxServer } from '../../src/sandbox/index.js';
import { sourceExcerpt } from '../../src/views/source-excerpt.js';
import { CLI, type CliResult, cliBuilt, runCli } from '../support/cli.js';
import { TIME_SCALE, TSHIRTS, writeRepo } from '../plan/e2e-fixtures.js';

const KEY = `sk_live_${randomBytes(16).toString('hex')}`;
const TOKEN = `Token ${KEY}`;
const SANDBOX_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const SANDBOX_TOKEN = `Bearer ${SANDBOX_KEY}`;

/** The token, its key, and every 12 characters of the key (an echo or an excerpt may cut it). */
function leaksIn(text: string, token = TOKEN, key = KEY): string[] {
  const found = [token, key].filter((s) => text.includes(s));
  for (let i = 0; i + 12 <= key.length; i++) if (text.includes(key.slice(i, i + 12))) found.push(key.slice(i, i + 12));
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

const tee = (sku: string, color: string, price: string) =>
  `  - sku: ${sku}\n    base_code: TEE\n    name: Tee ${sku}\n    category: ${TSHIRTS}\n` +
  `    attributes: {COLOR: ${color}, SIZE: M}\n    price: "${price}"\n    stock: 3\n`;

/** A line whose excerpt is a window that starts inside the key: only the key's last 16 characters show. */
function lineCuttingTheKey(): string {
  const head = `  - {sku: TEE-LONG, base_code: TEE, category: ${TSHIRTS}, name: "${'n'.repeat(40)} `;
  return `${head}${KEY} ${'y'.repeat(43)}", nmae: x, images: ["https://cdn.example.com/${'i'.repeat(80)}.jpg"]}`;
}

type Mode = 'ok' | 'revoked' | 'writes-revoked';

let sandbox: Sandbox;
let server: SandboxServer;
let mode: Mode = 'ok';
let clean: string;
let leaky: string;
let tokenFile: string;
let planFile: string;
const outputs: { run: string; text: string }[] = [];

/** The API as a hostile one: a refused key is echoed back, whole and cut off, in the detail and the code. */
function echoingSandbox(inner: Sandbox): Sandbox {
  return {
    ...inner,
    async handle(request: Request): Promise<Response> {
      const path = new URL(request.url).pathname;
      const refused = path.startsWith('/api/') && (mode === 'revoked' || (mode === 'writes-revoked' && request.method !== 'GET'));
      if (!refused) return inner.handle(request);
      const auth = request.headers.get('authorization') ?? '';
      const key = auth.replace(/^\S+ /, '');
      return Response.json(
        { detail: `Invalid token '${key}'. The key ${key.slice(0, 14)}… was revoked.`, code: `revoked ${auth}` },
        { status: 401 },
      );
    },
  };
}

async function shelf(name: string, args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  const result = await runCli(args, { SHELF_URL: server.url, ...env }, cwd);
  outputs.push({ run: `${name}: stdout`, text: result.stdout }, { run: `${name}: stderr`, text: result.stderr });
  return result;
}

/** Checks the outputs of the runs since `from` (one test's runs). */
function expectNoLeaks(from: number): void {
  const leaks = outputs.slice(from).flatMap((o) => leaksIn(o.text).map((l) => `${o.run}: ${l}`));
  expect(leaks).toEqual([]);
}

describe.skipIf(!cliBuilt())('the token is never printed nor written', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    sandbox = createSandbox({ token: TOKEN, timeScale: TIME_SCALE });
    server = await startSandboxServer(echoingSandbox(sandbox), { port: 0 });
    const outside = mkdtempSync(join(tmpdir(), 'shelf-secret-'));
    tokenFile = join(outside, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    planFile = join(mkdtempSync(join(tmpdir(), 'shelf-secret-plan-')), 'changes.plan');

    const scope = 'scope:\n  sku_prefixes: ["TEE-"]\n';
    clean = writeRepo(scope, { 'catalog/tees.yaml': `products:\n${tee('TEE-1', 'Red', '10.00')}${tee('TEE-2', 'Red', '11.00')}` });
    leaky = writeRepo(scope, {
      'catalog/tees.yaml': `products:\n${tee('TEE-1', 'Red', '10.00')}`,
      'catalog/long.yaml': `products:\n${lineCuttingTheKey()}\n`,
      'catalog/broken.yaml': `products:\n  - sku: TEE-9\n    name: "${TOKEN}\n`,
    });
    // The token file linked into the catalog from outside the repository, and a copy of it.
    symlinkSync(tokenFile, join(leaky, 'catalog', 'zz.yaml'));
    copyFileSync(tokenFile, join(leaky, 'catalog', 'copy.yaml'));
  });

  afterAll(async () => {
    await server?.close();
  });

  it('an excerpt of the long line would show a piece of the key (the case is real)', () => {
    const excerpt = sourceExcerpt(leaky, { file: 'catalog/long.yaml', line: 2, column: lineCuttingTheKey().indexOf('nmae') + 1 });
    expect(excerpt).toContain(KEY.slice(-12));
    expect(excerpt).not.toContain(KEY);
  });

  it('a key too short or with a character a header cannot carry is refused before any request', async () => {
    const since = outputs.length;
    const before = sandbox.requestLog().length;
    const cases = [
      [['plan'], `Token ${KEY.slice(0, 20)}€${KEY.slice(20)}`, 'SHELF_TOKEN contains a character that cannot be sent in an HTTP header at position 27'],
      [['apply', '--auto-approve'], `Token ${KEY.slice(0, 20)}😀${KEY.slice(20)}`, 'cannot be sent in an HTTP header at position 27'],
      [['import', join(clean, 'imported')], 'Token k', 'SHELF_TOKEN is too short to be an API key'],
    ] as const;
    const results = await Promise.all(cases.map(([args, token]) => shelf(`bad token ${args[0]}`, [...args], { SHELF_TOKEN: token }, clean)));
    results.forEach((r, i) => {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(cases[i]![2]);
      expect(r.stderr).not.toMatch(/network|retr|attempt/i);
    });
    expect(sandbox.requestLog().length).toBe(before);
    expectNoLeaks(since);
  });

  it('a token file linked or copied into the catalog, and a malformed catalog holding the token', async () => {
    const since = outputs.length;
    const env = { SHELF_TOKEN_FILE: tokenFile };
    const ci = { ...env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: leaky };
    const runs: [string, string[], Record<string, string>][] = [
      ['validate', ['validate'], env],
      ['validate --json in CI', ['validate', '--json'], ci],
      ['plan --markdown in CI', ['plan', '--markdown'], ci],
      ['--debug plan --json --out', ['--debug', 'plan', '--json', '--out', join(leaky, 'never.plan')], env],
      ['apply --json, token in SHELF_TOKEN', ['apply', '--auto-approve', '--json'], { SHELF_TOKEN: TOKEN }],
    ];
    const results = await Promise.all(runs.map(([name, args, runEnv]) => shelf(name, args, runEnv, leaky)));
    results.forEach((r, i) => expect(r.code, runs[i]![0]).toBe(1));
    expect(outputs.slice(since).some((o) => o.text.includes('[redacted]'))).toBe(true);
    expectNoLeaks(since);
  });

  it('an API that answers 401 echoing the key, to reads and to writes; a failed apply record', async () => {
    const since = outputs.length;
    const env = { SHELF_TOKEN: TOKEN };
    mode = 'revoked';
    const runs = [
      ['plan --markdown', ['plan', '--markdown']],
      ['--debug plan --json', ['--debug', 'plan', '--json']],
      ['--debug apply', ['--debug', 'apply', '--auto-approve']],
      ['import', ['import', join(clean, 'imported')]],
    ] as const;
    const results = await Promise.all(runs.map(([name, args]) => shelf(name, [...args], env, clean)));
    results.forEach((r, i) => {
      expect(r.code, runs[i]![0]).toBe(1);
      expect(r.stdout + r.stderr, runs[i]![0]).toContain('401');
    });

    mode = 'ok';
    // A record the API refuses at apply time: TEE-2's stock is locked by the marketplace operator.
    sandbox.seed({ products: [{ sku: 'TEE-2', base_code: 'TEE', name: 'Tee TEE-2', category: TSHIRTS, attributes: { COLOR: 'Red', SIZE: 'M' }, price: '11.00', stock: 1, stock_locked: true }] });
    const plan = await shelf('plan --out', ['--debug', 'plan', '--out', planFile], env, clean);
    expect(plan.code).toBe(0);
    expect((await shelf('show', ['show', planFile], env, clean)).code).toBe(0);
    const applied = await shelf('--debug apply PLANFILE', ['--debug', 'apply', planFile, '--auto-approve'], env, clean);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('locked by the marketplace operator');

    // The key is revoked between plan and apply: every write is refused with the echo.
    writeFileSync(join(clean, 'catalog', 'tees.yaml'), `products:\n${tee('TEE-1', 'Red', '12.00')}`);
    mode = 'writes-revoked';
    const refused = await shelf('--debug apply --json, writes refused', ['--debug', 'apply', '--auto-approve', '--json'], env, clean);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('401');
    mode = 'ok';
    expectNoLeaks(since);
  });

  it('`shelf sandbox` seeded from the leaky catalog prints its token only in its export line', async () => {
    const child: ChildProcess = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--time-scale', '1000', '--seed', leaky], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', SHELF_SANDBOX_TOKEN: SANDBOX_TOKEN, SHELF_TOKEN_FILE: tokenFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^export SHELF_URL=(\S+)$/.exec(line);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`shelf sandbox exited early (${code})`)));
    });
    const ok = await runCli(['plan'], { SHELF_URL: url, SHELF_TOKEN: SANDBOX_TOKEN }, clean);
    expect(ok.code).toBe(0);
    const wrong = await runCli(['plan'], { SHELF_URL: url, SHELF_TOKEN: TOKEN }, clean);
    expect(wrong.code).toBe(1);
    const control = url.replace(/\/api$/, '/__sandbox');
    const state = await (await fetch(`${control}/state`)).text();
    const log = await (await fetch(`${control}/log`)).text();
    child.kill('SIGINT');
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);

    expect(stdout).toBe(`export SHELF_URL=${url}\nexport SHELF_TOKEN=${SANDBOX_TOKEN}\nexport SHELF_SANDBOX_TIME_SCALE=${TIME_SCALE}\n`);
    expect(stderr).toContain('seed catalog');
    for (const [name, text] of [
      ['sandbox stderr', stderr],
      ['control state', state],
      ['control log', log],
      ['plan against it', ok.stdout + ok.stderr],
    ] as const) {
      expect([...leaksIn(text, SANDBOX_TOKEN, SANDBOX_KEY), ...leaksIn(text)], name).toEqual([]);
    }
  });

  it('no file under the repositories, their .shelf/, or the plan file holds the token or a piece of its key', () => {
    const inputs = new Set(['catalog/zz.yaml', 'catalog/copy.yaml', 'catalog/long.yaml', 'catalog/broken.yaml']);
    const files = [
      ...filesUnder(clean),
      ...filesUnder(leaky).filter((f) => !inputs.has(relative(leaky, f))),
      planFile,
    ];
    expect(files.some((f) => f.includes(`${join('.shelf', 'journal')}`))).toBe(true);
    expect(files.filter((f) => f.includes('.shelf')).length).toBeGreaterThan(1);
    // Plan files are gzipped: their text is what must not hold the token.
    const text = (f: string) => {
      const bytes = readFileSync(f);
      return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    };
    const leaks = files.flatMap((f) => leaksIn(text(f)).map((l) => `${f}: ${l}`));
    expect(leaks).toEqual([]);
  });
});
