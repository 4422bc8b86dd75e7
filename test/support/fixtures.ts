import * as fs from 'fs';
import * as path from 'path';
import { Analysis, createChecker, Finding } from '../../server/src/engine';
import { builtinRequirementSets } from '../../server/src/scenarios';

/** The repository root, found from the compiled test's location (out/test/support). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function fixturePath(...parts: string[]): string {
	return path.join(repoRoot, 'test', 'fixtures', ...parts);
}

export function readFixture(...parts: string[]): string {
	return fs.readFileSync(fixturePath(...parts), 'utf8');
}

export const checker = createChecker(builtinRequirementSets);

export function requirementSet(id: string) {
	const set = checker.getRequirementSet(id);
	if (!set) throw new Error(`no requirement set ${id}`);
	return set;
}

/** A policy document from statement objects, pretty-printed like a user would write it. */
export function policyText(statements: unknown[] | Record<string, unknown>, extra: Record<string, unknown> = {}): string {
	return JSON.stringify({ Version: '2012-10-17', ...extra, Statement: statements }, null, 2);
}

/** An Allow statement for every action of a scenario on "*", with some actions left out. */
export function scenarioPolicy(id: string, without: string[] = []): string {
	const actions = requirementSet(id).actions.map((a) => a.action).filter((a) => !without.includes(a));
	return policyText([{ Effect: 'Allow', Action: actions, Resource: '*' }]);
}

export function analyze(text: string, scenarios?: string[]): Analysis {
	return checker.analyze(text, { scenarios });
}

export function codes(findings: readonly Finding[]): string[] {
	return findings.map((f) => f.code);
}

/** Status per action of the single checked scenario. */
export function statuses(analysis: Analysis): Record<string, string> {
	if (analysis.scenarios.length !== 1) throw new Error(`expected one scenario, got ${analysis.scenarios.length}`);
	return Object.fromEntries(analysis.scenarios[0].actions.map((a) => [a.action, a.status]));
}

/** The text a finding points at. */
export function spanText(analysis: Analysis, finding: Finding): string {
	return analysis.text.slice(finding.span.offset, finding.span.offset + finding.span.length);
}

/** The descriptive fields of a made requirement set (tests that only need its actions, scope and context spread it). */
export const TEST_SET_HEADER = {
	title: 'T',
	shortTitle: 'T',
	product: 'T',
	productVersion: '1',
	source: { url: 'https://example.com', pageDate: null },
	principalType: 'role' as const,
};

/** A user requirement set as a user would write one (the setting's file format). */
export const userRequirementSet = {
	id: 'my-app-restore',
	title: 'My app restore',
	shortTitle: 'My app',
	product: 'My app',
	productVersion: '1.0',
	source: { url: 'https://example.com/restore', pageDate: '2026-01-01' },
	principalType: 'role',
	resourceScope: { mode: 'all', resources: ['*'] },
	actions: [{ action: 's3:GetObject' }, { action: 's3:PutObject' }],
};

/**
 * The policies the seed pages print (test/fixtures/seeds/, cut from the founding brief's seed
 * files byte for byte: non-breaking spaces, "\*" and the stray "}" included), with the scenario each satisfies.
 */
export const SEED_POLICIES: [file: string, scenario: string][] = [
	['000-veeam-dynamodb-permissions.json', 'veeam-aws-dynamodb-restore'],
	['001-veeam-dynamodb-permissions.json', 'veeam-aws-dynamodb-restore'],
	['003-veeam-ec2-permissions.json', 'veeam-aws-ec2-restore'],
	['003-veeam-ec2-workers.json', 'veeam-aws-ec2-restore-workers'],
	['004-veeam-vbr-ec2-permissions.json', 'veeam-vbr-ec2-restore'],
	['004-veeam-vbr-ec2-permissions.json', 'veeam-vbr-ec2-restore-helper'],
	['002-example-1.json', 'aws-dynamodb-backup-restore'],
	['002-example-5.json', 'aws-dynamodb-backup-restore'],
	['002-example-8.json', 'aws-dynamodb-aws-backup-restore'],
];
