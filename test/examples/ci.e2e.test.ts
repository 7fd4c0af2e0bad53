/**
 * The CI examples work as written: the exact `shelf ...` lines of each file run (through the
 * built CLI) in a repository made by `shelf init`, against the sandbox over loopback — plan shows
 * the changes (exit 2) and writes the markdown comment, apply applies them, the next plan is clean
 * (exit 0). The comment-posting scripts keep ONE comment per pull/merge request.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runInit } from '../../src/commands/init.js';
import { packageFile } from '../../src/package-info.js';
import { createSandbox, startSandboxServer } from '../../src/sandbox/index.js';
import { bufferedIO } from '../import/io.js';
import { CLI, requireBuiltCli } from '../support/cli.js';

const TOKEN = 'ci-token-0123456789abcdef';

interface GithubWorkflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<
    string,
    {
      if: string;
      permissions?: Record<string, string>;
      concurrency: { group: string; 'cancel-in-progress': boolean };
      steps: { run?: string; uses?: string; with?: { script?: string } }[];
    }
  >;
}
interface GitlabJob {
  rules: { if: string }[];
  script: string[];
  resource_group?: string;
  interruptible?: boolean;
}

/** The `shelf ...` command lines of a script, exactly as written. */
function shelfLines(scripts: readonly string[]): string[] {
  return scripts.flatMap((s) => s.split('\n')).map((line) => line.trim()).filter((line) => /^shelf\s/.test(line));
}

async function readGithub(): Promise<GithubWorkflow> {
  return parse(await readFile(packageFile('examples/ci/github-actions.yml'), 'utf8')) as GithubWorkflow;
}
async function readGitlab(): Promise<Record<string, GitlabJob>> {
  return parse(await readFile(packageFile('examples/ci/gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;
}

let work: string;
let bin: string;
beforeAll(async () => {
  requireBuiltCli();
  work = await mkdtemp(join(tmpdir(), 'shelf-ci-'));
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
    const child = spawn('bash', ['-c', script], { cwd, env });
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

async function scaffold(name: string): Promise<string> {
  const dir = join(work, name);
  expect(await runInit({ dir }, bufferedIO(work))).toBe(0);
  // The sandbox below runs 60 times faster than real time: scale the client's quotas alike.
  const settings = join(dir, 'shelf.yaml');
  await writeFile(settings, (await readFile(settings, 'utf8')).replace('products: 10/min', 'products: 10/1000ms').replace('categories: 30/min', 'categories: 30/1000ms'));
  return dir;
}

async function ciEnvironment(): Promise<{ env: NodeJS.ProcessEnv; close(): Promise<void> }> {
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
  return { env, close: () => server.close() };
}

/** plan (changes), apply, plan (clean), with the given lines. */
async function exercise(dir: string, env: NodeJS.ProcessEnv, plan: string[], apply: string[]): Promise<void> {
  for (const line of plan.filter((l) => !l.startsWith('shelf plan'))) {
    const result = await runLine(line, dir, env);
    expect(result.code, `${line}\n${result.stderr}`).toBe(0);
  }
  const planLine = plan.find((l) => l.startsWith('shelf plan')) as string;
  const first = await runLine(planLine, dir, env);
  expect(first.code, await readFile(join(dir, 'plan.err'), 'utf8')).toBe(2);
  const markdown = await readFile(join(dir, 'plan.md'), 'utf8');
  expect(markdown).toContain('EXAMPLE-TSHRT-RD-M');
  expect(markdown).toMatch(/3 to add/);

  for (const line of apply) {
    const result = await runLine(line, dir, env);
    expect(result.code, `${line}\n${result.stderr}`).toBe(0);
  }

  const second = await runLine(planLine, dir, env);
  expect(second.code, await readFile(join(dir, 'plan.err'), 'utf8')).toBe(0);
  expect(await readFile(join(dir, 'plan.md'), 'utf8')).not.toContain('EXAMPLE-TSHRT-RD-M');
}

describe('examples/ci/github-actions.yml', () => {
  it('plans on pull requests with write access to comments, applies on main one run at a time', async () => {
    const wf = await readGithub();
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
    expect(wf.env.SHELF_TOKEN).toMatch(/^\$\{\{ secrets\.SHELF_TOKEN \}\}$/);
    expect(wf.jobs.plan?.if).toContain("'pull_request'");
    expect(wf.jobs.plan?.permissions?.['pull-requests']).toBe('write');
    expect(wf.jobs.apply?.if).toContain("refs/heads/main");
    expect(wf.jobs.apply?.concurrency).toEqual({ group: 'shelf-apply', 'cancel-in-progress': false });
  });

  it('runs its exact shelf commands against the sandbox: plan shows changes, apply, plan is clean', async () => {
    const wf = await readGithub();
    const runs = (job: string) => (wf.jobs[job]?.steps ?? []).map((s) => s.run ?? '');
    const plan = shelfLines(runs('plan'));
    const apply = shelfLines(runs('apply'));
    expect(plan).toEqual(['shelf validate', 'shelf plan --markdown --detailed-exitcode > plan.md 2> plan.err || code=$?']);
    expect(apply).toEqual(['shelf apply --auto-approve']);
    const ci = await ciEnvironment();
    try {
      await exercise(await scaffold('github'), ci.env, plan, apply);
    } finally {
      await ci.close();
    }
  });

  it('creates the plan comment once, then updates that same comment', async () => {
    const wf = await readGithub();
    const script = wf.jobs.plan?.steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script as string;
    const dir = join(work, 'github-comment');
    await mkdir(dir, { recursive: true });
    const comments: { id: number; body: string; user: { type: string } }[] = [
      { id: 1, body: 'LGTM', user: { type: 'User' } },
    ];
    const github = {
      paginate: async (fn: (args: unknown) => Promise<{ data: unknown[] }>, args: unknown) => (await fn(args)).data,
      rest: {
        issues: {
          listComments: async () => ({ data: comments }),
          createComment: async ({ body }: { body: string }) => {
            comments.push({ id: comments.length + 1, body, user: { type: 'Bot' } });
          },
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
            const c = comments.find((x) => x.id === comment_id);
            if (c) c.body = body;
          },
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'catalog' }, issue: { number: 7 } };
    const fs = await import('node:fs');
    const cwd = process.cwd();
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const run = new AsyncFunction('require', 'github', 'context', 'process', script);
    const fakeRequire = (id: string) => (id === 'node:fs' ? fs : undefined);
    try {
      process.chdir(dir);
      await writeFile('plan.md', 'Plan: 1 to add, 0 to change, 0 to destroy.\n');
      await run(fakeRequire, github, context, { env: { PLAN_EXITCODE: '2' } });
      await writeFile('plan.md', 'No changes.\n');
      await run(fakeRequire, github, context, { env: { PLAN_EXITCODE: '0' } });
    } finally {
      process.chdir(cwd);
    }
    expect(comments).toHaveLength(2);
    expect(comments[1]?.body).toBe('<!-- shelf-plan -->\nNo changes.\n');
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  it('plans on merge requests, applies on the default branch inside one resource group', async () => {
    const ci = await readGitlab();
    expect(ci.plan?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(ci.apply?.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }]);
    expect(ci.apply?.resource_group).toBe('shelf-apply');
  });

  it('runs its exact shelf commands against the sandbox: plan shows changes, apply, plan is clean', async () => {
    const ci = await readGitlab();
    const plan = shelfLines(ci.plan?.script ?? []);
    const apply = shelfLines(ci.apply?.script ?? []);
    expect(plan).toEqual(['shelf validate', 'shelf plan --markdown --detailed-exitcode > plan.md 2> plan.err || code=$?']);
    expect(apply).toEqual(['shelf apply --auto-approve']);
    const sandbox = await ciEnvironment();
    try {
      await exercise(await scaffold('gitlab'), sandbox.env, plan, apply);
    } finally {
      await sandbox.close();
    }
  });

  it('creates the plan note once, then updates that same note through the GitLab API', async () => {
    const ci = await readGitlab();
    const step = ci.plan?.script.find((s) => s.includes('<<') && s.includes('node')) as string;
    const dir = join(work, 'gitlab-note');
    await mkdir(dir, { recursive: true });
    const notes: { id: number; body: string }[] = [{ id: 10, body: 'Looks fine' }];
    const seen: string[] = [];
    const api = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url?.split('?')[0]} ${req.headers['private-token']}`);
        if (req.method === 'GET') {
          res.setHeader('x-next-page', '');
          res.end(JSON.stringify(notes));
          return;
        }
        const text = (JSON.parse(body) as { body: string }).body;
        const id = Number(req.url?.split('/').pop());
        if (req.method === 'PUT') (notes.find((n) => n.id === id) as { body: string }).body = text;
        else notes.push({ id: 11, body: text });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    const env = {
      PATH: process.env.PATH,
      CI_API_V4_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/v4`,
      CI_PROJECT_ID: '42',
      CI_MERGE_REQUEST_IID: '7',
      GITLAB_API_TOKEN: 'glpat-test',
    };
    try {
      for (const [code, md] of [['2', 'Plan: 1 to add.\n'], ['0', 'No changes.\n']]) {
        await writeFile(join(dir, 'plan.exitcode'), `${code}\n`);
        await writeFile(join(dir, 'plan.md'), md as string);
        await writeFile(join(dir, 'plan.err'), '');
        const result = await bash(step, dir, env);
        expect(result.status, result.stderr).toBe(0);
      }
    } finally {
      await new Promise((r) => api.close(r));
    }
    expect(notes).toEqual([{ id: 10, body: 'Looks fine' }, { id: 11, body: '<!-- shelf-plan -->\nNo changes.\n' }]);
    expect(seen).toEqual([
      'GET /api/v4/projects/42/merge_requests/7/notes glpat-test',
      'POST /api/v4/projects/42/merge_requests/7/notes glpat-test',
      'GET /api/v4/projects/42/merge_requests/7/notes glpat-test',
      'PUT /api/v4/projects/42/merge_requests/7/notes/11 glpat-test',
    ]);
  });
});
