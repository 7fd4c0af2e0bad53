/**
 * The CI examples work as written. The exact `shelf ...` lines, and whole job scripts, of each
 * file run (through the built CLI on PATH) in a repository made by `shelf init`, against the
 * sandbox over loopback: plan shows the changes (exit 2) and writes the markdown comment, apply
 * applies them, the next plan is clean (exit 0). A YAML mistake fails the job, is annotated (or
 * lands in the Code Quality report) on its line, and replaces the ONE plan comment with the
 * errors. The comment, drift-issue and install steps run against fakes of the GitHub and GitLab
 * APIs and of npm and git.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInit } from '../../src/commands/init.js';
import { packageFile } from '../../src/package-info.js';
import { createSandbox, type Sandbox, startSandboxServer } from '../../src/sandbox/index.js';
import { bufferedIO } from '../import/io.js';
import { CLI, requireBuiltCli } from '../support/cli.js';

const TOKEN = 'ci-token-0123456789abcdef';

interface GithubStep {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface GithubWorkflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<
    string,
    {
      if: string;
      permissions?: Record<string, string>;
      concurrency: { group: string; 'cancel-in-progress': boolean };
      steps: GithubStep[];
    }
  >;
}
interface GitlabJob {
  rules: { if: string; changes?: string[] }[];
  script: string[];
  resource_group?: string;
  interruptible?: boolean;
  artifacts?: { when?: string; reports?: { codequality?: string } };
}
type GitlabCi = Record<string, GitlabJob> & {
  default: { before_script: string[]; cache: { key: string; paths: string[]; when: string } };
  variables: Record<string, string>;
  workflow: { rules: { if: string }[] };
};

/** The `shelf ...` command lines of a script, exactly as written. */
function shelfLines(scripts: readonly string[]): string[] {
  return scripts.flatMap((s) => s.split('\n')).map((line) => line.trim()).filter((line) => /^shelf\s/.test(line));
}

async function readGithub(): Promise<GithubWorkflow> {
  return parse(await readFile(packageFile('examples/ci/github-actions.yml'), 'utf8')) as GithubWorkflow;
}
async function readGitlab(): Promise<GitlabCi> {
  return parse(await readFile(packageFile('examples/ci/gitlab-ci.yml'), 'utf8')) as GitlabCi;
}
const stepNamed = (wf: GithubWorkflow, job: string, name: string) => wf.jobs[job]!.steps.find((s) => s.name === name) as GithubStep;

let work: string;
let bin: string;
beforeAll(async () => {
  requireBuiltCli();
  work = mkdtempSync(join(tmpdir(), 'shelf-ci-'));
  bin = join(work, 'bin');
  await mkdir(bin);
  // `shelf` on PATH, as `npm install --global` would provide it.
  await writeFile(join(bin, 'shelf'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  await chmod(join(bin, 'shelf'), 0o755);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs a script with bash, asynchronously: the sandbox answering it lives in this process. */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No stdin: bash given a socket as stdin takes itself for a remote shell and reads ~/.bashrc.
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

/** Runs one line the way a CI shell does (`set -e`), returning the exit code the line leaves in `code`. */
async function runLine(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const result = await bash(`set -e\ncode=0\n${line}\necho "exitcode=$code"`, cwd, env);
  const captured = /exitcode=(\d+)/.exec(result.stdout)?.[1];
  return { code: captured !== undefined && result.status === 0 ? Number(captured) : result.status, stderr: result.stderr };
}

/** A GitHub `run:` step as the runner runs it: bash -e, with `${{ ... }}` already substituted. */
function githubRun(step: GithubStep, values: Record<string, string>, cwd: string, env: NodeJS.ProcessEnv) {
  const script = (step.run ?? '').replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => values[expr] ?? '');
  return bash(`set -e\n${script}`, cwd, env);
}

/** A GitLab job's script as the runner runs it: each line in one shell, stopping at the first failure. */
const gitlabScript = (lines: readonly string[]) => ['set -e', ...lines].join('\n');

async function scaffold(name: string, parent = work): Promise<string> {
  const dir = join(parent, name);
  expect(await runInit({ dir }, bufferedIO(parent))).toBe(0);
  // The sandbox below runs 60 times faster than real time: scale the client's quotas alike.
  const settings = join(dir, 'shelf.yaml');
  await writeFile(settings, (await readFile(settings, 'utf8')).replace('products: 10/min', 'products: 10/1000ms').replace('categories: 30/min', 'categories: 30/1000ms'));
  return dir;
}

async function ciEnvironment(): Promise<{ env: NodeJS.ProcessEnv; sandbox: Sandbox; close(): Promise<void> }> {
  const sandbox = createSandbox({ token: TOKEN, timeScale: 60 });
  const server = await startSandboxServer(sandbox, { port: 0 });
  const env = {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: work,
    SHELF_URL: server.url,
    SHELF_TOKEN: TOKEN,
    NO_COLOR: '1',
    GITHUB_OUTPUT: join(work, 'github-output'),
  };
  return { env, sandbox, close: () => server.close() };
}

/** A YAML mistake a new user makes: `nmae:` for `name:` in the example catalog. */
async function breakCatalog(dir: string): Promise<void> {
  const file = join(dir, 'catalog/example.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replace('    name: Example Red T-shirt', '    nmae: Example Red T-shirt'));
}

/** plan (changes), apply, plan (clean), with the given lines. */
async function exercise(dir: string, env: NodeJS.ProcessEnv, planLine: string, apply: string[]): Promise<void> {
  const first = await runLine(planLine, dir, env);
  expect(first.code, first.stderr).toBe(2);
  const markdown = await readFile(join(dir, 'plan.md'), 'utf8');
  expect(markdown).toContain('EXAMPLE-TSHRT-RD-M');
  expect(markdown).toMatch(/3 to add/);

  for (const line of apply) {
    const result = await runLine(line, dir, env);
    expect(result.code, `${line}\n${result.stderr}`).toBe(0);
  }

  const second = await runLine(planLine, dir, env);
  expect(second.code, second.stderr).toBe(0);
  expect(await readFile(join(dir, 'plan.md'), 'utf8')).not.toContain('EXAMPLE-TSHRT-RD-M');
}

// ------------------------------------------------------------------ fakes of the hosts' APIs

interface FakeGithub {
  comments: { id: number; body: string; user: { type: string } }[];
  issues: { number: number; title: string; body: string; state: string; labels: string[]; comments: string[] }[];
  client: unknown;
}

/** The part of octokit the scripts use, over in-memory comments and issues. */
function fakeGithub(): FakeGithub {
  const fake: FakeGithub = { comments: [{ id: 1, body: 'LGTM', user: { type: 'User' } }], issues: [], client: undefined };
  fake.client = {
    paginate: async (fn: (args: unknown) => Promise<{ data: unknown[] }>, args: unknown) => (await fn(args)).data,
    rest: {
      issues: {
        listComments: async () => ({ data: fake.comments }),
        createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => {
          const issue = fake.issues.find((i) => i.number === issue_number);
          if (issue) issue.comments.push(body);
          else fake.comments.push({ id: fake.comments.length + 1, body, user: { type: 'Bot' } });
        },
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
          const c = fake.comments.find((x) => x.id === comment_id);
          if (c) c.body = body;
        },
        listForRepo: async ({ labels, state }: { labels: string; state: string }) => ({
          data: fake.issues.filter((i) => i.state === state && i.labels.includes(labels)),
        }),
        create: async ({ title, body, labels }: { title: string; body: string; labels: string[] }) => {
          fake.issues.push({ number: fake.issues.length + 100, title, body, labels, state: 'open', comments: [] });
        },
        update: async ({ issue_number, ...changes }: { issue_number: number; body?: string; state?: string }) => {
          Object.assign(fake.issues.find((i) => i.number === issue_number)!, changes);
        },
      },
    },
  };
  return fake;
}

/** Runs an actions/github-script step's script as the action does: an async function body. */
async function githubScript(step: GithubStep, github: FakeGithub, cwd: string, env: Record<string, string>): Promise<void> {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
  const run = new AsyncFunction('require', 'github', 'context', 'process', step.with!.script!);
  const fs = await import('node:fs');
  const path = await import('node:path');
  // The script reads plan.md relative to the job's directory.
  const scopedFs = { ...fs, existsSync: (p: string) => fs.existsSync(path.resolve(cwd, p)), readFileSync: (p: string, e: BufferEncoding) => fs.readFileSync(path.resolve(cwd, p), e) };
  const context = { repo: { owner: 'acme', repo: 'catalog' }, issue: { number: 7 } };
  await run((id: string) => (id === 'node:fs' ? scopedFs : undefined), github.client, context, { env });
}

interface FakeGitlab {
  url: string;
  notes: { id: number; body: string }[];
  issues: { iid: number; title: string; description: string; labels: string; state: string; notes: string[] }[];
  seen: string[];
  close(): Promise<void>;
}

/** The GitLab REST endpoints the scripts use: merge request notes and issues. */
async function fakeGitlab(): Promise<FakeGitlab> {
  const fake: Omit<FakeGitlab, 'url' | 'close'> = { notes: [{ id: 10, body: 'Looks fine' }], issues: [], seen: [] };
  const body = (req: IncomingMessage) =>
    new Promise<Record<string, string>>((resolve) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => resolve(text ? (JSON.parse(text) as Record<string, string>) : {}));
    });
  const server: Server = createServer(async (req, res) => {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const data = await body(req);
    fake.seen.push(`${req.method} ${path.replace('/api/v4/projects/42', '')} ${req.headers['private-token']}`);
    const send = (value: unknown) => res.end(JSON.stringify(value));
    const note = /\/merge_requests\/7\/notes(?:\/(\d+))?$/.exec(path);
    if (note) {
      if (req.method === 'GET') {
        res.setHeader('x-next-page', '');
        return send(fake.notes);
      }
      if (req.method === 'PUT') fake.notes.find((n) => n.id === Number(note[1]))!.body = data.body!;
      else fake.notes.push({ id: 11, body: data.body! });
      return send({});
    }
    const issue = /\/issues(?:\/(\d+))?(\/notes)?$/.exec(path);
    if (issue) {
      const params = new URLSearchParams(query);
      const found = fake.issues.find((i) => i.iid === Number(issue[1]));
      if (req.method === 'GET') return send(fake.issues.filter((i) => i.labels === params.get('labels') && i.state === params.get('state')));
      if (issue[2]) found!.notes.push(data.body!);
      else if (req.method === 'PUT') {
        if (data.state_event === 'close') found!.state = 'closed';
        if (data.description) found!.description = data.description;
      } else fake.issues.push({ iid: fake.issues.length + 1, title: data.title!, description: data.description!, labels: data.labels!, state: 'opened', notes: [] });
      return send({});
    }
    res.statusCode = 404;
    send({ message: '404 Not Found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    ...fake,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`,
    close: () => new Promise((r) => server.close(() => r())),
  } as FakeGitlab;
}

/** `npm` and `git` that record how they were called, so install steps run offline. */
async function fakeInstallTools(): Promise<{ path: string; calls(): Promise<string[]> }> {
  const dir = mkdtempSync(join(work, 'tools-'));
  const log = join(dir, 'calls.log');
  for (const tool of ['npm', 'git']) {
    await writeFile(join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`);
    await chmod(join(dir, tool), 0o755);
  }
  return { path: `${dir}:${process.env.PATH ?? ''}`, calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean) };
}

// ------------------------------------------------------------------ GitHub Actions

describe('examples/ci/github-actions.yml', () => {
  it('plans on pull requests, applies on main one run at a time, checks drift nightly, each job with only the permissions it needs', async () => {
    const wf = await readGithub();
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(wf.env.SHELF_TOKEN).toMatch(/^\$\{\{ secrets\.SHELF_TOKEN \}\}$/);
    expect(wf.jobs.plan?.if).toContain("'pull_request'");
    expect(wf.jobs.plan?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(wf.jobs.apply?.if).toContain('refs/heads/main');
    expect(wf.jobs.apply?.concurrency).toEqual({ group: 'shelf-apply', 'cancel-in-progress': false });
    expect(wf.jobs.drift?.if).toContain("'schedule'");
    expect(wf.jobs.drift?.permissions).toEqual({ contents: 'read', issues: 'write' });
    // Drift is never checked while an apply runs.
    expect(wf.jobs.drift?.concurrency).toEqual(wf.jobs.apply?.concurrency);
  });

  it('keeps .shelf/ in the Actions cache per branch, restored before shelf runs and saved after it, even when it failed', async () => {
    const wf = await readGithub();
    for (const [job, branch] of [['plan', 'github.head_ref'], ['apply', 'github.ref_name'], ['drift', 'github.ref_name']] as const) {
      const steps = wf.jobs[job]!.steps;
      const restore = steps.findIndex((s) => s.uses === 'actions/cache/restore@v4');
      const save = steps.findIndex((s) => s.uses === 'actions/cache/save@v4');
      const shelf = steps.findIndex((s) => /^\s*shelf /m.test(s.run ?? ''));
      expect([restore < shelf, shelf < save], job).toEqual([true, true]);
      const prefix = `shelf-state-\${{ ${branch} }}-`;
      expect(steps[restore]!.with).toEqual({ path: '.shelf', key: expect.stringMatching(/^shelf-state-/), 'restore-keys': prefix });
      expect(steps[restore]!.with!.key!.startsWith(prefix), job).toBe(true);
      // Cache keys are immutable: each run saves under a key of its own, found by the prefix next time.
      expect(steps[save]!.with).toEqual({ path: '.shelf', key: steps[restore]!.with!.key });
      expect(steps[save]!.with!.key).toContain('${{ github.run_id }}');
      expect(steps[save]!.if).toBe('always()');
    }
  });

  it('installs shelf from SHELF_PACKAGE, with a clear error when it is not set', async () => {
    const wf = await readGithub();
    const installs = Object.keys(wf.jobs).map((job) => stepNamed(wf, job, 'Install shelf').run);
    expect(new Set(installs).size).toBe(1);
    const step = stepNamed(wf, 'plan', 'Install shelf');
    const tools = await fakeInstallTools();
    const missing = await githubRun(step, {}, work, { PATH: tools.path, SHELF_PACKAGE: '' });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/^::error title=SHELF_PACKAGE is not set::Set the repository variable SHELF_PACKAGE to where shelf is installed from, e\.g\. git\+https:/);
    expect(await tools.calls()).toEqual([]);

    const pkg = 'git+https://github.com/acme/shelf.git#v0.1.0';
    const installed = await githubRun(step, {}, work, { PATH: tools.path, SHELF_PACKAGE: pkg, SHELF_PACKAGE_TOKEN: 'ghp_x' });
    expect(installed.status, installed.stderr).toBe(0);
    expect(await tools.calls()).toEqual([
      'git config --global url.https://x-access-token:ghp_x@github.com/.insteadOf https://github.com/',
      `npm install --global ${pkg}`,
    ]);
  });

  it('runs its exact shelf commands against the sandbox: plan shows changes, apply, plan is clean', async () => {
    const wf = await readGithub();
    const runs = (job: string) => (wf.jobs[job]?.steps ?? []).map((s) => s.run ?? '');
    const plan = shelfLines(runs('plan'));
    const apply = shelfLines(runs('apply'));
    expect(plan).toEqual(['shelf plan --markdown --detailed-exitcode > plan.md || code=$?']);
    expect(apply).toEqual(['shelf apply --auto-approve']);
    const ci = await ciEnvironment();
    try {
      await exercise(await scaffold('github'), ci.env, plan[0]!, apply);
    } finally {
      await ci.close();
    }
  }, 120_000);

  it('a YAML mistake fails the job, is annotated on its line, and replaces the plan in the ONE comment with the error', async () => {
    const wf = await readGithub();
    const workspace = join(work, 'gh-workspace');
    await mkdir(workspace);
    const dir = await scaffold('catalog', workspace); // the catalog repository is a subfolder of the git repository
    const ci = await ciEnvironment();
    const github = fakeGithub();
    const env = { ...ci.env, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace };
    const output = join(dir, 'github-output');
    const comment = stepNamed(wf, 'plan', 'Comment on the pull request');
    const result = stepNamed(wf, 'plan', 'Result');
    const push = async () => {
      await writeFile(output, '');
      const plan = await githubRun(stepNamed(wf, 'plan', 'Plan'), {}, dir, { ...env, GITHUB_OUTPUT: output });
      expect(plan.status, plan.stderr).toBe(0); // the step never fails: the comment is posted either way
      const exitcode = /exitcode=(\d)/.exec(await readFile(output, 'utf8'))![1]!;
      await githubScript(comment, github, dir, { PLAN_EXITCODE: exitcode, RUN_URL: 'https://github.example/run/1' });
      return { plan, exitcode, result: await githubRun(result, { 'steps.plan.outputs.exitcode': exitcode }, dir, env) };
    };
    try {
      const good = await push();
      expect([good.exitcode, good.result.status]).toEqual(['2', 0]);
      expect(github.comments).toHaveLength(2);
      expect(github.comments[1]!.body).toMatch(/^<!-- shelf-plan -->\n### shelf plan\n/);

      await breakCatalog(dir);
      const bad = await push();
      expect([bad.exitcode, bad.result.status]).toEqual(['1', 1]);
      const annotation = bad.plan.stderr.split('\n').find((l) => l.startsWith('::error '));
      expect(annotation).toMatch(/^::error file=catalog\/catalog\/example\.yaml,line=\d+,col=\d+,title=shelf unknown-key[^:]*::.*nmae/);
      // Still one comment of shelf's: the previous plan is gone, the error is there with its line.
      expect(github.comments).toHaveLength(2);
      expect(github.comments[1]!.body).toMatch(/^<!-- shelf-plan -->\n### shelf plan failed\n/);
      expect(github.comments[1]!.body).toMatch(/`catalog\/example\.yaml:\d+:\d+`: .*nmae/);
      expect(github.comments[1]!.body).not.toContain('::error');
    } finally {
      await ci.close();
    }
  }, 120_000);

  it('the nightly drift job opens ONE issue when Seller Center drifted, updates it, and closes it once they match', async () => {
    const wf = await readGithub();
    const dir = await scaffold('github-drift');
    const ci = await ciEnvironment();
    const github = fakeGithub();
    const output = join(dir, 'github-output');
    const issueStep = stepNamed(wf, 'drift', 'Open, update or close the drift issue');
    const nightly = async () => {
      await writeFile(output, '');
      const plan = await githubRun(stepNamed(wf, 'drift', 'Plan'), {}, dir, { ...ci.env, GITHUB_OUTPUT: output });
      expect(plan.status, plan.stderr).toBe(0);
      const exitcode = /exitcode=(\d)/.exec(await readFile(output, 'utf8'))![1]!;
      await githubScript(issueStep, github, dir, { PLAN_EXITCODE: exitcode, RUN_URL: 'https://github.example/run/2' });
      return exitcode;
    };
    try {
      expect(shelfLines([stepNamed(wf, 'drift', 'Plan').run!])).toEqual(['shelf plan --markdown --detailed-exitcode > drift.md || code=$?']);
      expect((await runLine('shelf apply --auto-approve', dir, ci.env)).code).toBe(0);
      expect(await nightly()).toBe('0');
      expect(github.issues).toEqual([]);

      // Someone changes a price in the web panel.
      ci.sandbox.mutateProduct('EXAMPLE-TSHRT-RD-M', { price: '150.00' });
      expect(await nightly()).toBe('2');
      expect(await nightly()).toBe('2');
      expect(github.issues).toHaveLength(1);
      expect(github.issues[0]).toMatchObject({ state: 'open', labels: ['shelf-drift'], title: 'shelf: Seller Center drifted from git' });
      expect(github.issues[0]!.body).toContain('EXAMPLE-TSHRT-RD-M');

      expect((await runLine('shelf apply --auto-approve', dir, ci.env)).code).toBe(0);
      expect(await nightly()).toBe('0');
      expect(github.issues[0]).toMatchObject({ state: 'closed', comments: [expect.stringContaining('matches git again')] });
    } finally {
      await ci.close();
    }
  }, 120_000);
});

// ------------------------------------------------------------------ GitLab CI

describe('examples/ci/gitlab-ci.yml', () => {
  it('plans merge requests and applies the default branch only when the catalog changed; drift runs on schedules', async () => {
    const ci = await readGitlab();
    const catalogChanges = ['shelf.yaml', 'catalog/**/*', '.gitlab-ci.yml'];
    expect(ci.plan?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"', changes: catalogChanges }]);
    expect(ci.apply?.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"', changes: catalogChanges }]);
    expect(ci.apply?.resource_group).toBe('shelf-apply');
    expect(ci.drift?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    expect(ci.drift?.resource_group).toBe('shelf-apply');
    expect(ci.workflow.rules.map((r) => r.if)).toContain('$CI_PIPELINE_SOURCE == "schedule"');
  });

  it('keeps .shelf/ in a cache per branch, saved even when the job failed, and reports findings as Code Quality', async () => {
    const ci = await readGitlab();
    expect(ci.default.cache).toEqual({ key: 'shelf-state-$CI_COMMIT_REF_SLUG', paths: ['.shelf/'], when: 'always' });
    const report = ci.variables.SHELF_CODE_QUALITY_REPORT;
    expect(report).toBe('gl-code-quality-report.json');
    for (const job of ['plan', 'apply']) expect(ci[job]?.artifacts).toEqual({ when: 'always', reports: { codequality: report } });
  });

  it('installs shelf from SHELF_PACKAGE (a private project through the job token), with a clear error when it is not set', async () => {
    const ci = await readGitlab();
    const tools = await fakeInstallTools();
    const env = { PATH: tools.path, CI_JOB_TOKEN: 'job-token', CI_SERVER_HOST: 'gitlab.example.com' };
    const missing = await bash(gitlabScript(ci.default.before_script), work, { ...env, SHELF_PACKAGE: '' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^SHELF_PACKAGE is not set: set the CI\/CD variable SHELF_PACKAGE to where shelf is installed from/);
    expect(await tools.calls()).toEqual([]);
    const pkg = 'git+https://gitlab.example.com/acme/shelf.git#v0.1.0';
    const installed = await bash(gitlabScript(ci.default.before_script), work, { ...env, SHELF_PACKAGE: pkg });
    expect(installed.status, installed.stderr).toBe(0);
    expect(await tools.calls()).toEqual([
      'git config --global url.https://gitlab-ci-token:job-token@gitlab.example.com/.insteadOf https://gitlab.example.com/',
      `npm install --global ${pkg}`,
    ]);
  });

  it('runs its exact shelf commands against the sandbox: plan shows changes, apply, plan is clean', async () => {
    const ci = await readGitlab();
    const plan = shelfLines(ci.plan?.script ?? []);
    const apply = shelfLines(ci.apply?.script ?? []);
    expect(plan).toEqual(['shelf plan --markdown --detailed-exitcode > plan.md || code=$?']);
    expect(apply).toEqual(['shelf apply --auto-approve']);
    const sandbox = await ciEnvironment();
    try {
      await exercise(await scaffold('gitlab'), sandbox.env, plan[0]!, apply);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('the plan job posts ONE note; a YAML mistake fails it, replaces the plan in that note and lands in the Code Quality report', async () => {
    const ci = await readGitlab();
    const project = join(work, 'gl-project');
    await mkdir(project);
    const dir = await scaffold('catalog', project);
    const sandbox = await ciEnvironment();
    const api = await fakeGitlab();
    const env = {
      ...sandbox.env,
      ...ci.variables,
      CI_PROJECT_DIR: project,
      CI_API_V4_URL: api.url,
      CI_PROJECT_ID: '42',
      CI_MERGE_REQUEST_IID: '7',
      CI_JOB_URL: 'https://gitlab.example.com/job/1',
      GITLAB_API_TOKEN: 'glpat-test',
    };
    try {
      const good = await bash(gitlabScript(ci.plan!.script), dir, env);
      expect(good.status, good.stderr).toBe(0);
      expect(JSON.parse(await readFile(join(dir, 'gl-code-quality-report.json'), 'utf8'))).toEqual([]);
      expect(api.notes).toHaveLength(2);
      expect(api.notes[1]!.body).toMatch(/^<!-- shelf-plan -->\n### shelf plan\n/);

      await breakCatalog(dir);
      const bad = await bash(gitlabScript(ci.plan!.script), dir, env);
      expect(bad.status).toBe(1);
      expect(api.notes).toEqual([{ id: 10, body: 'Looks fine' }, { id: 11, body: expect.stringMatching(/^<!-- shelf-plan -->\n### shelf plan failed\n[\s\S]*nmae/) }]);
      const report = JSON.parse(await readFile(join(dir, 'gl-code-quality-report.json'), 'utf8')) as { check_name: string; location: { path: string } }[];
      expect(report).toContainEqual(expect.objectContaining({ check_name: 'unknown-key', location: expect.objectContaining({ path: 'catalog/catalog/example.yaml' }) }));
      expect(api.seen).toEqual([
        'GET /merge_requests/7/notes glpat-test',
        'POST /merge_requests/7/notes glpat-test',
        'GET /merge_requests/7/notes glpat-test',
        'PUT /merge_requests/7/notes/11 glpat-test',
      ]);
    } finally {
      await api.close();
      await sandbox.close();
    }
  }, 120_000);

  it('the scheduled drift job opens ONE issue when Seller Center drifted, updates it, and closes it once they match', async () => {
    const ci = await readGitlab();
    expect(shelfLines(ci.drift!.script)).toEqual(['shelf plan --markdown --detailed-exitcode > drift.md || code=$?']);
    const dir = await scaffold('gitlab-drift');
    const sandbox = await ciEnvironment();
    const api = await fakeGitlab();
    const env = { ...sandbox.env, CI_API_V4_URL: api.url, CI_PROJECT_ID: '42', CI_PIPELINE_URL: 'https://gitlab.example.com/p/1', GITLAB_API_TOKEN: 'glpat-test' };
    const nightly = () => bash(gitlabScript(ci.drift!.script), dir, env);
    try {
      expect((await runLine('shelf apply --auto-approve', dir, sandbox.env)).code).toBe(0);
      expect((await nightly()).status).toBe(0);
      expect(api.issues).toEqual([]);

      sandbox.sandbox.mutateProduct('EXAMPLE-TSHRT-RD-M', { price: '150.00' });
      for (let i = 0; i < 2; i++) {
        const run = await nightly();
        expect(run.status, run.stderr).toBe(0);
      }
      expect(api.issues).toHaveLength(1);
      expect(api.issues[0]).toMatchObject({ state: 'opened', labels: 'shelf-drift', title: 'shelf: Seller Center drifted from git' });
      expect(api.issues[0]!.description).toContain('EXAMPLE-TSHRT-RD-M');

      expect((await runLine('shelf apply --auto-approve', dir, sandbox.env)).code).toBe(0);
      expect((await nightly()).status).toBe(0);
      expect(api.issues[0]).toMatchObject({ state: 'closed', notes: [expect.stringContaining('matches git again')] });
    } finally {
      await api.close();
      await sandbox.close();
    }
  }, 120_000);
});
