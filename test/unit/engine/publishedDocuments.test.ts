import * as assert from 'assert';
import { createChecker } from '../../../server/src/engine';
import { codes, policyText, readFixture, SEED_POLICIES, statuses } from '../../support/fixtures';
import { catalogChecker, testCatalog } from '../../support/catalog';

/**
 * Every scenario whose source prints a policy is satisfied by that document, verbatim, judged as
 * the server and the CLI judge it: with the AWS catalog (resource types) and the scenario's
 * request context (Conditions). One test per source document.
 */

const SCENARIO_FINDING = /^(scenario-(missing|denied|conditional|partial)|trust-principal-missing|constraint-wildcard-resource)$/;

function assertSatisfies(text: string, scenario: string): void {
	const a = catalogChecker.analyze(text, { scenarios: [scenario] });
	assert.strictEqual(a.kind, 'policy');
	const s = statuses(a);
	const wrong = Object.entries(s).filter(([, v]) => v !== 'granted');
	assert.deepStrictEqual(wrong, [], `${scenario}: ${a.scenarios[0].granted}/${a.scenarios[0].actions.length}`);
	assert.strictEqual(a.scenarios[0].satisfied, true);
	assert.deepStrictEqual(codes(a.findings).filter((c) => SCENARIO_FINDING.test(c)), []);
}

/** AWS managed policy versions (test/fixtures/managed-policies/README.md). */
const MANAGED: [file: string, scenario: string][] = [
	['AWSBackupServiceRolePolicyForRestores.v35.json', 'aws-backup-restores-managed'],
	['AWSBackupServiceRolePolicyForS3Restore.v2.json', 'aws-backup-s3-restore-managed'],
	['AWSBackupServiceRolePolicyForItemRestores.v3.json', 'aws-backup-item-restores-managed'],
	['AWSBackupRestoreAccessForSAPHANA.v1.json', 'aws-backup-sap-hana-restore-managed'],
	['AWSBackupOperatorAccess.v28.json', 'aws-backup-operator-managed'],
];

/** The policies of the pages in the sources record, written out as printed (test/fixtures/sources/README.md). */
const SOURCE_POLICIES: [file: string, scenario: string][] = [
	['dynamodb-example-5-current.json', 'aws-dynamodb-restore-specific-backup'],
	['dynamodb-example-8-current.json', 'aws-dynamodb-aws-backup-advanced'],
	['veeam-flr-source-instance-role.json', 'veeam-aws-flr-original-location-source-role'],
];

interface SourceScenario {
	id: string;
	confidence: string;
	lists: { actions: string[] }[];
}

/** The page prints this list with a Resource of its own. */
const PRINTED_RESOURCE: Record<string, string> = {
	'veeam-aws-flr-original-location-source-role': 'arn:aws:iam::<backup-account-id>:role/veeam_rto_<original-instance-id>',
};

suite('published documents satisfy their scenarios (with the catalog and the request context)', () => {
	for (const [file, scenario] of MANAGED) {
		test(`AWS managed policy ${file} satisfies ${scenario}`, () => {
			const text = readFixture('managed-policies', file);
			// The file is the version the scenario was read from: its distinct actions, in order.
			const doc = JSON.parse(text) as { Statement: { Action: string | string[] }[] };
			const seen = new Set<string>();
			const distinct = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
			const required = catalogChecker.getRequirementSet(scenario)!.actions.map((a) => a.action.toLowerCase());
			assert.deepStrictEqual(distinct.map((a) => a.toLowerCase()), required);
			assertSatisfies(text, scenario);
		});
	}

	for (const [file, scenario] of SEED_POLICIES) test(`seed ${file} satisfies ${scenario}`, () => assertSatisfies(readFixture('seeds', file), scenario));

	for (const [file, scenario] of SOURCE_POLICIES) test(`page policy ${file} satisfies ${scenario}`, () => assertSatisfies(readFixture('sources', file), scenario));

	const record = JSON.parse(readFixture('sources', 'restore-scenarios.json')) as { scenarios: SourceScenario[] };
	for (const s of record.scenarios.filter((x) => x.confidence === 'verbatim' && !x.id.startsWith('aws-backup-'))) {
		test(`the page's list for ${s.id}, pasted as one statement, satisfies it`, () => {
			const actions = s.lists.flatMap((l) => l.actions);
			assertSatisfies(policyText([{ Effect: 'Allow', Action: actions, Resource: PRINTED_RESOURCE[s.id] ?? '*' }]), s.id);
		});
	}

	test('without the request context the managed policies\' Conditions stay conditional (the context is what grants them)', () => {
		const text = readFixture('managed-policies', 'AWSBackupServiceRolePolicyForS3Restore.v2.json');
		const set = catalogChecker.getRequirementSet('aws-backup-s3-restore-managed')!;
		assert.ok(set.requestContext && Object.keys(set.requestContext).length > 0);
		// A checker over a copy of the set without its context.
		const withoutContext = { ...set, requestContext: undefined };
		const plain = createChecker([withoutContext], { catalog: testCatalog });
		const s = statuses(plain.analyze(text, { scenarios: [set.id] }));
		assert.deepStrictEqual(Object.keys(s).filter((k) => s[k] === 'conditional'), ['kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt']);
	});
});
