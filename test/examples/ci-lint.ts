/**
 * An offline lint of the two CI files, in the spirit of actionlint and GitLab's CI lint: the
 * keys each format knows (a typo such as `run-on` or `rule:` is silently ignored by neither host
 * but fails here), the references between parts (`needs`, `steps.X.outputs`, stages), the
 * `${{ }}` contexts, cron syntax, pinned actions, and every shell script through `bash -n` and
 * every inline script through Node's parser. No network, no dependency.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(where: string, value: Obj, allowed: readonly string[]): string[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown key "${k}"`);
}

/** `bash -n`: the script parses as bash (what both hosts run a `run:`/`script:` with). */
export function bashSyntax(where: string, script: string): string[] {
  try {
    execFileSync('bash', ['-n'], { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
    return [];
  } catch (err) {
    return [`${where}: bash syntax: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`];
  }
}

/** Node's own parser on a script (an ES module, or the body of github-script's async function). */
export function nodeSyntax(where: string, source: string, kind: 'module' | 'async-function'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'shelf-ci-lint-'));
  const file = join(dir, 'script.mjs');
  writeFileSync(file, kind === 'module' ? source : `export default async function (require, github, context, core) {\n${source}\n}\n`);
  try {
    execFileSync(process.execPath, ['--check', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    return [];
  } catch (err) {
    return [`${where}: script syntax: ${String((err as { stderr?: Buffer }).stderr ?? err).split('\n').slice(0, 5).join(' ')}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
export function cronProblems(where: string, cron: string): string[] {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return [`${where}: cron "${cron}" needs 5 fields`];
  const ranges = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 6]] as const;
  return fields.flatMap((f, i) => {
    if (!CRON_FIELD.test(f)) return [`${where}: cron field "${f}" is not valid`];
    const numbers = (f.match(/\d+/g) ?? []).filter((_, j, all) => !f.includes(`/${all[j]}`)).map(Number);
    return numbers.some((n) => n < ranges[i]![0] || n > ranges[i]![1]) ? [`${where}: cron field "${f}" is out of range`] : [];
  });
}

// ---------------------------------------------------------------- GitHub Actions

const WORKFLOW_KEYS = ['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs'];
const EVENTS = ['push', 'pull_request', 'pull_request_target', 'schedule', 'workflow_dispatch', 'workflow_call', 'release', 'merge_group'];
const JOB_KEYS = ['name', 'needs', 'runs-on', 'permissions', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'if', 'steps', 'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services'];
const STEP_KEYS = ['id', 'if', 'name', 'uses', 'run', 'with', 'env', 'continue-on-error', 'timeout-minutes', 'working-directory', 'shell'];
const PERMISSION_SCOPES = ['actions', 'attestations', 'checks', 'contents', 'deployments', 'id-token', 'issues', 'discussions', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses'];
const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'steps', 'job', 'jobs', 'runner', 'needs', 'matrix', 'inputs', 'strategy'];
const FUNCTIONS = ['always', 'success', 'failure', 'cancelled', 'contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON', 'hashFiles'];

/** The contexts an expression names exist, and it refers only to steps of its own job declared before it. */
function expressionProblems(where: string, expr: string, stepIds: readonly string[]): string[] {
  const out: string[] = [];
  const code = expr.replace(/'[^']*'/g, "''");
  for (const m of code.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*)(?=\s*[.([]|\s*$|\s*[)=!&|<>,])/g)) {
    const name = m[1]!;
    if (['true', 'false', 'null'].includes(name)) continue;
    if (!CONTEXTS.includes(name) && !FUNCTIONS.includes(name)) out.push(`${where}: unknown context or function "${name}" in \${{ ${expr.trim()} }}`);
  }
  for (const m of code.matchAll(/\bsteps\.([\w-]+)\./g)) {
    if (!stepIds.includes(m[1]!)) out.push(`${where}: steps.${m[1]} is not a step before this one`);
  }
  return out;
}

function expressionsIn(where: string, value: unknown, stepIds: readonly string[]): string[] {
  if (typeof value === 'string') {
    const out: string[] = [];
    const opens = value.split('${{').length - 1;
    const closes = (value.match(/\}\}/g) ?? []).length;
    if (opens > closes) out.push(`${where}: unclosed \${{`);
    for (const m of value.matchAll(/\$\{\{(.*?)\}\}/gs)) out.push(...expressionProblems(where, m[1]!, stepIds));
    return out;
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsIn(`${where}[${i}]`, v, stepIds));
  if (isObj(value)) return Object.entries(value).flatMap(([k, v]) => expressionsIn(`${where}.${k}`, v, stepIds));
  return [];
}

/** `if:` is an expression even without `${{ }}`. */
const condition = (v: unknown) => (typeof v === 'string' && !v.includes('${{') ? `\${{ ${v} }}` : v);

export function lintGithubWorkflow(wf: unknown): string[] {
  if (!isObj(wf)) return ['the workflow is not a mapping'];
  const out = unknownKeys('workflow', wf, WORKFLOW_KEYS);
  if (!isObj(wf.on)) out.push('workflow: `on` must be a mapping of events');
  else {
    out.push(...unknownKeys('on', wf.on, EVENTS));
    const schedule = wf.on.schedule;
    if (schedule !== undefined) {
      if (!Array.isArray(schedule)) out.push('on.schedule: must be a list of {cron}');
      else schedule.forEach((s, i) => out.push(...(isObj(s) && typeof s.cron === 'string' ? cronProblems(`on.schedule[${i}]`, s.cron) : [`on.schedule[${i}]: needs cron`])));
    }
  }
  out.push(...permissionProblems('workflow.permissions', wf.permissions));
  out.push(...expressionsIn('workflow.env', wf.env, []));
  if (!isObj(wf.jobs) || Object.keys(wf.jobs).length === 0) return [...out, 'workflow: no jobs'];
  const jobIds = Object.keys(wf.jobs);
  for (const [id, job] of Object.entries(wf.jobs)) {
    const where = `jobs.${id}`;
    if (!/^[A-Za-z_][\w-]*$/.test(id)) out.push(`${where}: invalid job id`);
    if (!isObj(job)) {
      out.push(`${where}: not a mapping`);
      continue;
    }
    out.push(...unknownKeys(where, job, JOB_KEYS));
    if (job['runs-on'] === undefined) out.push(`${where}: runs-on is missing`);
    for (const need of ([] as unknown[]).concat(job.needs ?? [])) if (!jobIds.includes(String(need))) out.push(`${where}: needs unknown job "${String(need)}"`);
    out.push(...permissionProblems(`${where}.permissions`, job.permissions));
    out.push(...expressionsIn(`${where}.if`, condition(job.if), []));
    out.push(...expressionsIn(`${where}.concurrency`, job.concurrency, []));
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      out.push(`${where}: steps is missing`);
      continue;
    }
    const ids: string[] = [];
    job.steps.forEach((step: unknown, i: number) => {
      const at = `${where}.steps[${i}]`;
      if (!isObj(step)) return void out.push(`${at}: not a mapping`);
      out.push(...unknownKeys(at, step, STEP_KEYS));
      if ((step.uses === undefined) === (step.run === undefined)) out.push(`${at}: needs exactly one of uses and run`);
      if (typeof step.uses === 'string' && !/^[\w.-]+\/[\w./-]+@[\w.-]+$/.test(step.uses)) out.push(`${at}: uses "${step.uses}" is not owner/repo@version`);
      if (step.with !== undefined && step.uses === undefined) out.push(`${at}: with without uses`);
      out.push(...expressionsIn(`${at}.if`, condition(step.if), ids));
      out.push(...expressionsIn(at, { ...step, if: undefined }, ids));
      if (typeof step.run === 'string') out.push(...bashSyntax(`${at}.run`, step.run.replace(/\$\{\{.*?\}\}/gs, 'X')));
      const script = isObj(step.with) ? step.with.script : undefined;
      if (typeof step.uses === 'string' && step.uses.startsWith('actions/github-script@') && typeof script === 'string') {
        out.push(...nodeSyntax(`${at}.with.script`, script, 'async-function'));
      }
      if (typeof step.id === 'string') {
        if (ids.includes(step.id)) out.push(`${at}: duplicate step id "${step.id}"`);
        ids.push(step.id);
      }
    });
  }
  return out;
}

function permissionProblems(where: string, permissions: unknown): string[] {
  if (permissions === undefined || permissions === 'read-all' || permissions === 'write-all') return [];
  if (!isObj(permissions)) return [`${where}: must be a mapping, read-all or write-all`];
  return Object.entries(permissions).flatMap(([scope, level]) => [
    ...(PERMISSION_SCOPES.includes(scope) ? [] : [`${where}: unknown scope "${scope}"`]),
    ...(['read', 'write', 'none'].includes(String(level)) ? [] : [`${where}.${scope}: "${String(level)}" is not read, write or none`]),
  ]);
}

// ---------------------------------------------------------------- GitLab CI

const GLOBAL_KEYWORDS = ['default', 'include', 'stages', 'variables', 'workflow'];
const DEFAULT_KEYS = ['after_script', 'artifacts', 'before_script', 'cache', 'hooks', 'id_tokens', 'image', 'interruptible', 'retry', 'services', 'tags', 'timeout'];
const JOB_KEYWORDS = [
  'after_script', 'allow_failure', 'artifacts', 'before_script', 'cache', 'coverage', 'dependencies', 'environment', 'extends', 'hooks',
  'id_tokens', 'image', 'inherit', 'interruptible', 'needs', 'parallel', 'release', 'resource_group', 'retry', 'rules', 'script', 'secrets',
  'services', 'stage', 'tags', 'timeout', 'trigger', 'variables', 'when',
];
const RULE_KEYS = ['if', 'changes', 'exists', 'when', 'allow_failure', 'variables', 'needs', 'interruptible'];
const CACHE_KEYS = ['key', 'paths', 'untracked', 'unprotect', 'when', 'policy', 'fallback_keys'];
const ARTIFACT_KEYS = ['paths', 'exclude', 'expose_as', 'name', 'public', 'access', 'reports', 'untracked', 'when', 'expire_in'];
const REPORTS = ['codequality', 'junit', 'dotenv', 'sast', 'dependency_scanning', 'container_scanning', 'coverage_report', 'metrics', 'terraform', 'annotations'];

/** A rules `if:` expression: `$VAR`, string literals, ==, !=, =~, &&, ||, parentheses. */
function ruleIfProblems(where: string, expr: string): string[] {
  const tokens = expr.match(/\$[A-Za-z_]\w*|"[^"]*"|'[^']*'|\/(?:\\.|[^/])+\/i?|==|!=|=~|!~|&&|\|\||\(|\)|\S+/g) ?? [];
  const bad = tokens.filter((t) => !/^(\$[A-Za-z_]\w*|"[^"]*"|'[^']*'|\/.+\/i?|==|!=|=~|!~|&&|\|\||\(|\)|null)$/.test(t));
  return bad.length > 0 ? [`${where}: "${bad[0]}" is not part of a rules:if expression`] : [];
}

function scriptLines(where: string, value: unknown): string[] | string {
  if (value === undefined) return [];
  const list = ([] as unknown[]).concat(value);
  if (!list.every((l) => typeof l === 'string')) return `${where}: must be a string or a list of strings`;
  return list as string[];
}

/** The node heredocs of a script, for the parser. */
function heredocs(script: string): string[] {
  return [...script.matchAll(/<<'NODE'\n([\s\S]*?)\nNODE/g)].map((m) => m[1]!);
}

function scriptProblems(where: string, lines: string[]): string[] {
  const script = lines.join('\n');
  return [...bashSyntax(where, script), ...heredocs(script).flatMap((s, i) => nodeSyntax(`${where} (node script ${i + 1})`, s, 'module'))];
}

export function lintGitlabCi(ci: unknown): string[] {
  if (!isObj(ci)) return ['the file is not a mapping'];
  const out: string[] = [];
  const stages = Array.isArray(ci.stages) ? (ci.stages as unknown[]).map(String) : ['build', 'test', 'deploy'];
  if (isObj(ci.workflow)) {
    out.push(...unknownKeys('workflow', ci.workflow, ['rules', 'name', 'auto_cancel']));
    out.push(...rulesProblems('workflow.rules', ci.workflow.rules));
  }
  if (ci.variables !== undefined && !isObj(ci.variables)) out.push('variables: must be a mapping');
  let defaultLines: string[] = [];
  if (ci.default !== undefined) {
    if (!isObj(ci.default)) out.push('default: must be a mapping');
    else {
      out.push(...unknownKeys('default', ci.default, DEFAULT_KEYS));
      out.push(...cacheProblems('default.cache', ci.default.cache));
      const before = scriptLines('default.before_script', ci.default.before_script);
      if (typeof before === 'string') out.push(before);
      else defaultLines = before;
    }
  }
  const jobs = Object.entries(ci).filter(([k]) => !GLOBAL_KEYWORDS.includes(k) && !k.startsWith('.'));
  if (jobs.length === 0) out.push('no jobs');
  for (const [id, job] of jobs) {
    const where = id;
    if (!isObj(job)) {
      out.push(`${where}: a job must be a mapping (or "${id}" is a misspelt keyword)`);
      continue;
    }
    out.push(...unknownKeys(where, job, JOB_KEYWORDS));
    if (job.script === undefined && job.trigger === undefined && job.extends === undefined) out.push(`${where}: script is missing`);
    if (job.stage !== undefined && !stages.includes(String(job.stage))) out.push(`${where}: stage "${String(job.stage)}" is not in stages`);
    if (job.rules !== undefined) out.push(...rulesProblems(`${where}.rules`, job.rules));
    out.push(...cacheProblems(`${where}.cache`, job.cache));
    if (job.artifacts !== undefined) {
      if (!isObj(job.artifacts)) out.push(`${where}.artifacts: must be a mapping`);
      else {
        out.push(...unknownKeys(`${where}.artifacts`, job.artifacts, ARTIFACT_KEYS));
        if (job.artifacts.when !== undefined && !['on_success', 'on_failure', 'always'].includes(String(job.artifacts.when))) out.push(`${where}.artifacts.when: not on_success, on_failure or always`);
        if (job.artifacts.reports !== undefined) {
          if (!isObj(job.artifacts.reports)) out.push(`${where}.artifacts.reports: must be a mapping`);
          else out.push(...unknownKeys(`${where}.artifacts.reports`, job.artifacts.reports, REPORTS));
        }
      }
    }
    if (job.interruptible !== undefined && typeof job.interruptible !== 'boolean') out.push(`${where}.interruptible: must be true or false`);
    const script = scriptLines(`${where}.script`, job.script);
    const before = job.before_script !== undefined ? scriptLines(`${where}.before_script`, job.before_script) : defaultLines;
    if (typeof script === 'string') out.push(script);
    if (typeof before === 'string') out.push(before);
    if (typeof script !== 'string' && typeof before !== 'string') out.push(...scriptProblems(`${where}.script`, [...before, ...script]));
  }
  return out;
}

function rulesProblems(where: string, rules: unknown): string[] {
  if (!Array.isArray(rules)) return [`${where}: must be a list`];
  return rules.flatMap((rule, i) => {
    const at = `${where}[${i}]`;
    if (!isObj(rule)) return [`${at}: must be a mapping`];
    const out = unknownKeys(at, rule, RULE_KEYS);
    if (rule.if !== undefined) out.push(...(typeof rule.if === 'string' ? ruleIfProblems(`${at}.if`, rule.if) : [`${at}.if: must be a string`]));
    if (rule.changes !== undefined) {
      const changes = isObj(rule.changes) ? rule.changes.paths : rule.changes;
      if (!Array.isArray(changes) || !changes.every((c) => typeof c === 'string')) out.push(`${at}.changes: must be a list of paths`);
    }
    if (rule.when !== undefined && !['on_success', 'on_failure', 'always', 'never', 'manual', 'delayed'].includes(String(rule.when))) out.push(`${at}.when: not a known value`);
    return out;
  });
}

function cacheProblems(where: string, cache: unknown): string[] {
  if (cache === undefined) return [];
  const list = Array.isArray(cache) ? cache : [cache];
  return list.flatMap((c, i) => {
    const at = Array.isArray(cache) ? `${where}[${i}]` : where;
    if (!isObj(c)) return [`${at}: must be a mapping`];
    const out = unknownKeys(at, c, CACHE_KEYS);
    if (c.paths !== undefined && (!Array.isArray(c.paths) || !c.paths.every((p) => typeof p === 'string'))) out.push(`${at}.paths: must be a list of paths`);
    if (c.when !== undefined && !['on_success', 'on_failure', 'always'].includes(String(c.when))) out.push(`${at}.when: not on_success, on_failure or always`);
    if (c.policy !== undefined && !['pull', 'push', 'pull-push'].includes(String(c.policy))) out.push(`${at}.policy: not pull, push or pull-push`);
    return out;
  });
}
