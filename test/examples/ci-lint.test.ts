/**
 * Both CI examples pass an offline lint of their own format (test/examples/ci-lint.ts), and the
 * lint is not a rubber stamp: typical mistakes in copies of them are caught.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageFile } from '../../src/package-info.js';
import { cronProblems, lintGithubWorkflow, lintGitlabCi } from './ci-lint.js';

// Copies of the files are edited freely below to plant mistakes: loosely typed on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- planted mistakes reach anywhere in the parsed YAML
type Loose = Record<string, any>;
const github = () => parse(readFileSync(packageFile('examples/ci/github-actions.yml'), 'utf8')) as Loose;
const gitlab = () => parse(readFileSync(packageFile('examples/ci/gitlab-ci.yml'), 'utf8')) as Loose;

describe('examples/ci/github-actions.yml', () => {
  it('passes the workflow lint', () => {
    expect(lintGithubWorkflow(github())).toEqual([]);
  });

  it('the lint catches a misspelt key, a step output that does not exist, a bad cron, broken bash and broken script', () => {
    const wf = github();
    wf.jobs.plan['run-on'] = wf.jobs.plan['runs-on'];
    delete wf.jobs.plan['runs-on'];
    wf.jobs.plan.steps.at(-1).run = 'test "${{ steps.plann.outputs.exitcode }}" != "1"';
    wf.on.schedule[0].cron = '17 25 * *';
    wf.jobs.apply.steps.find((s: { name?: string }) => s.name === 'Apply').run = 'if true; then\n  shelf apply --auto-approve\n';
    const comment = wf.jobs.plan.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/github-script'));
    comment.with.script += '\n}';
    wf.jobs.drift.permissions.issue = 'write';
    wf.jobs.drift.if = "githb.event_name == 'schedule'";
    const problems = lintGithubWorkflow(wf).join('\n');
    expect(problems).toContain('jobs.plan: unknown key "run-on"');
    expect(problems).toContain('jobs.plan: runs-on is missing');
    expect(problems).toContain('steps.plann is not a step before this one');
    expect(problems).toContain('on.schedule[0]: cron "17 25 * *" needs 5 fields');
    expect(problems).toMatch(/jobs\.apply\.steps\[\d\]\.run: bash syntax/);
    expect(problems).toMatch(/jobs\.plan\.steps\[\d\]\.with\.script: script syntax/);
    expect(problems).toContain('jobs.drift.permissions: unknown scope "issue"');
    expect(problems).toContain('unknown context or function "githb"');
  });
});

describe('examples/ci/gitlab-ci.yml', () => {
  it('passes the GitLab CI lint', () => {
    expect(lintGitlabCi(gitlab())).toEqual([]);
  });

  it('the lint catches a misspelt keyword, an unknown stage, a bad rule, a bad cache and broken scripts', () => {
    const ci = gitlab();
    ci.plan.rule = ci.plan.rules;
    ci.apply.stage = 'deploy';
    ci.apply.rules[0].if = '$CI_COMMIT_BRANCH = $CI_DEFAULT_BRANCH';
    ci.default.cache.when = 'sometimes';
    ci.plan.script[1] = 'shelf plan > plan.md || code=$(';
    ci.drift.script[3] = ci.drift.script[3].replace("const label = 'shelf-drift';", "const label = 'shelf-drift;");
    ci.plan.artifacts.reports.code_quality = 'x.json';
    const problems = lintGitlabCi(ci).join('\n');
    expect(problems).toContain('plan: unknown key "rule"');
    expect(problems).toContain('apply: stage "deploy" is not in stages');
    expect(problems).toContain('apply.rules[0].if: "=" is not part of a rules:if expression');
    expect(problems).toContain('default.cache.when: not on_success, on_failure or always');
    expect(problems).toContain('plan.script: bash syntax');
    expect(problems).toContain('drift.script (node script 1): script syntax');
    expect(problems).toContain('plan.artifacts.reports: unknown key "code_quality"');
  });
});

describe('cron', () => {
  it('checks fields and ranges', () => {
    expect(cronProblems('c', '17 3 * * *')).toEqual([]);
    expect(cronProblems('c', '*/15 0-6 1,15 * 1-5')).toEqual([]);
    expect(cronProblems('c', '60 3 * * *')).toEqual(['c: cron field "60" is out of range']);
  });
});
