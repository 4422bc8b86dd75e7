import * as assert from 'assert';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { analyze, codes, policyText, readFixture, requirementSet, spanText, statuses } from '../../support/fixtures';

/**
 * The further restore scenarios of issue 8, checked against the record they were read from
 * (test/fixtures/sources/restore-scenarios.json, a copy of the founding brief's collection): every `verbatim`
 * list, pasted with the exact strings as printed, satisfies its scenario and is what inference
 * picks for it.
 */

interface SourceScenario {
	id: string;
	source: string;
	productVersion: string;
	trust: string;
	confidence: string;
	count: string;
	lists: { label: string; actions: string[] }[];
}

const record = JSON.parse(readFixture('sources', 'restore-scenarios.json')) as { scenarios: SourceScenario[] };
const verbatim = record.scenarios.filter((s) => s.confidence === 'verbatim');
const printed = (s: SourceScenario) => s.lists.flatMap((l) => l.actions);

/** The page prints this list with a Resource of its own (placeholders in angle brackets included). */
const PRINTED_RESOURCE: Record<string, string> = {
	'veeam-aws-flr-original-location-source-role': 'arn:aws:iam::<backup-account-id>:role/veeam_rto_<original-instance-id>',
};

/** One Allow statement with the list as printed, on "*" or on the Resource the page prints. */
function pasted(s: SourceScenario): string {
	return policyText([{ Effect: 'Allow', Action: printed(s), Resource: PRINTED_RESOURCE[s.id] ?? '*' }]);
}

function actionsOf(id: string): string[] {
	return requirementSet(id).actions.map((a) => a.action);
}

function inferred(text: string): string[] {
	return analyze(text).scenarios.filter((s) => s.inferred).map((s) => s.compiled.set.id);
}

const SCENARIO_FINDING = /^(scenario-(missing|denied|conditional|partial)|trust-principal-missing|constraint-wildcard-resource)$/;

suite('further restore scenarios (restore-scenarios.json)', () => {
	test('26 verbatim entries, all registered; the two PARTIAL entries are not', () => {
		assert.strictEqual(record.scenarios.length, 28);
		assert.strictEqual(verbatim.length, 26);
		const ids = new Set(builtinRequirementSets.map((s) => s.id));
		for (const s of verbatim) assert.ok(ids.has(s.id), s.id);
		const partial = record.scenarios.filter((s) => s.confidence !== 'verbatim').map((s) => s.id);
		assert.deepStrictEqual(partial, ['aws-dynamodb-pitr-restore', 'aws-backup-ec2-restore-with-instance-profile']);
		for (const id of partial) assert.ok(!ids.has(id), id);
		assert.strictEqual(builtinRequirementSets.length, 7 + 26);
	});

	for (const s of verbatim) {
		suite(s.id, () => {
			const set = () => requirementSet(s.id);

			test('holds the printed list: same actions in the same order, each once, count as the record states', () => {
				const distinct = Number(/(\d+) distinct/.exec(s.count)![1]);
				const seen = new Set<string>();
				const expected = printed(s).filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
				assert.strictEqual(set().actions.length, distinct);
				assert.deepStrictEqual(set().actions.map((a) => a.action.toLowerCase()), expected.map((a) => a.toLowerCase()));
				// The vendor's spelling is kept exactly where it differs from the canonical name.
				set().actions.forEach((a, i) => assert.strictEqual(a.sourceSpelling ?? a.action, expected[i]));
			});

			test('records the source URL and page date', () => {
				assert.strictEqual(set().source.url, s.source.split(' ')[0]);
				const date = /page date: (\S+)/.exec(s.productVersion)![1];
				if (date === 'n/a') assert.strictEqual(set().source.pageDate, null);
				else assert.strictEqual(set().source.pageDateAsPrinted, date);
			});

			test('the list pasted verbatim as a policy satisfies it', () => {
				const a = analyze(pasted(s), [s.id]);
				assert.strictEqual(a.kind, 'policy');
				assert.strictEqual(a.scenarios[0].satisfied, true, JSON.stringify(statuses(a)));
				assert.deepStrictEqual(codes(a.findings).filter((c) => SCENARIO_FINDING.test(c)), []);
			});

			test('inference picks it for the pasted list, and says why', () => {
				const a = analyze(pasted(s));
				assert.deepStrictEqual(a.scenarios.map((x) => x.compiled.set.id), [s.id]);
				const n = set().actions.length;
				assert.match(a.scenarios[0].reason!, new RegExp(`^the policy allows ${n} of its ${n} required actions`));
			});
		});
	}

	test('a trust relationship is required exactly where the record states one', () => {
		const expected: Record<string, string[]> = {
			'veeam-aws-efs-restore': ['Service backup.amazonaws.com'],
			'veeam-aws-rds-database-restore': ['Service rds.amazonaws.com'],
			'veeam-aws-redshift-restore': ['Service backup.amazonaws.com'],
			'veeam-aws-fsx-restore': ['Service backup.amazonaws.com'],
			'veeam-aws-flr-worker': ['Service ec2.amazonaws.com'],
			'veeam-aws-flr-original-location-source-role': ['Service ec2.amazonaws.com'],
			'veeam-aws-production-worker': ['Service ec2.amazonaws.com'],
			'veeam-aws-repository': ['Service batchoperations.s3.amazonaws.com'],
			'veeam-aws-full-list': ['Service backup.amazonaws.com', 'Service batchoperations.s3.amazonaws.com', 'Service ec2.amazonaws.com'],
			'veeam-aws-appliance-trust': ['AWS <Role ARN>'],
			'aws-backup-restores-managed': ['Service backup.amazonaws.com'],
			'aws-backup-s3-restore-managed': ['Service backup.amazonaws.com'],
			'aws-backup-item-restores-managed': ['Service backup.amazonaws.com'],
		};
		for (const s of verbatim) {
			const trust = requirementSet(s.id).trust;
			assert.deepStrictEqual(trust?.principals.map((p) => `${p.type} ${p.value}`) ?? [], expected[s.id] ?? [], s.id);
			if (trust) assert.strictEqual(trust.action, 'sts:AssumeRole');
			// The record's trust text names each service it requires.
			for (const p of trust?.principals ?? []) if (p.type === 'Service') assert.ok(s.trust.includes(p.value), `${s.id} ${p.value}`);
			// Roles that EC2 instances assume must be in an instance profile.
			assert.strictEqual(!!trust?.instanceProfile, trust?.principals.some((p) => p.value === 'ec2.amazonaws.com') ?? false, s.id);
		}
	});
});

suite('the full list printed as three policies', () => {
	const full = () => requirementSet('veeam-aws-full-list');
	const source = () => record.scenarios.find((s) => s.id === 'veeam-aws-full-list')!;

	test('policyParts keeps the split; the set is the union, in order, with no action in two parts', () => {
		const parts = full().policyParts!;
		assert.deepStrictEqual(parts.map((p) => [p.label, p.actions.length]), [['Part 1', 187], ['Part 2', 175], ['Part 3', 88]]);
		assert.deepStrictEqual(parts.flatMap((p) => p.actions), full().actions.map((a) => a.action));
		parts.forEach((p, i) => assert.deepStrictEqual(p.actions.map((a) => a.toLowerCase()), source().lists[i].actions.map((a) => a.toLowerCase())));
	});

	test('each part, as a policy, fits AWS\'s 6,144-character managed-policy limit (the record\'s sizes)', () => {
		const sizes = source().lists.map((l) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: l.actions, Resource: '*' }] }).length);
		assert.deepStrictEqual(sizes, [5633, 5277, 2493]);
		for (const size of sizes) assert.ok(size <= 6144);
	});

	test('one part alone does not satisfy the full list, and says how much is missing', () => {
		const a = analyze(policyText([{ Effect: 'Allow', Action: source().lists[0].actions, Resource: '*' }]), ['veeam-aws-full-list']);
		assert.strictEqual(a.scenarios[0].satisfied, false);
		assert.strictEqual(a.scenarios[0].granted, 187);
		assert.match(a.findings.find((f) => f.code === 'scenario-missing')!.message, /needs 263 more of its 450 actions/);
	});

	test('the printed trust policy grants all three services; one service is not enough', () => {
		const a = analyze(readFixture('sources', 'veeam-full-list-trust.json'), ['veeam-aws-full-list']);
		assert.strictEqual(a.model?.kind, 'trust');
		assert.strictEqual(a.scenarios[0].satisfied, true);
		const one = analyze(readFixture('seeds', '000-veeam-dynamodb-trust.json'), ['veeam-aws-full-list']);
		assert.deepStrictEqual(one.scenarios[0].trust.map((t) => [t.principal, t.status]), [
			['backup.amazonaws.com', 'granted'],
			['batchoperations.s3.amazonaws.com', 'missing'],
			['ec2.amazonaws.com', 'missing'],
		]);
	});
});

suite('the appliance trust: a principal placeholder', () => {
	const trustPolicy = (principal: unknown) => policyText([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);

	test('the page\'s literal "<Role ARN>" is reported at the placeholder', () => {
		const a = analyze(readFixture('sources', 'veeam-appliance-trust.json'), ['veeam-aws-appliance-trust']);
		assert.strictEqual(a.model?.kind, 'trust');
		assert.strictEqual(a.scenarios[0].satisfied, false);
		assert.deepStrictEqual(a.scenarios[0].trust.map((t) => [t.principal, t.status, t.placeholder]), [['<Role ARN>', 'missing', true]]);
		const f = a.findings.find((x) => x.code === 'trust-principal-missing')!;
		assert.strictEqual(spanText(a, f), '"<Role ARN>"');
		assert.match(f.message, /still names the placeholder "<Role ARN>": replace it with the real ARN or account id/);
		assert.deepStrictEqual(f.data, { scenario: 'veeam-aws-appliance-trust', principal: '<Role ARN>', principalType: 'AWS', action: 'sts:AssumeRole', placeholder: true });
	});

	test('any AWS principal satisfies it: a role ARN, an account ARN, an account id', () => {
		for (const value of ['arn:aws:iam::111122223333:role/Impersonation', 'arn:aws:iam::111122223333:root', '111122223333', ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::444455556666:role/B']]) {
			const a = analyze(trustPolicy({ AWS: value }), ['veeam-aws-appliance-trust']);
			assert.strictEqual(a.scenarios[0].satisfied, true, JSON.stringify(value));
		}
	});

	test('a service principal does not, and a Deny still wins', () => {
		const service = analyze(trustPolicy({ Service: 'backup.amazonaws.com' }), ['veeam-aws-appliance-trust']);
		assert.deepStrictEqual(service.scenarios[0].trust.map((t) => t.status), ['missing']);
		assert.match(service.findings.find((f) => f.code === 'trust-principal-missing')!.message, /AWS principal "<Role ARN>"/);
		const denied = analyze(
			policyText([
				{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/Impersonation' }, Action: 'sts:AssumeRole' },
				{ Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::111122223333:role/Impersonation' }, Action: 'sts:AssumeRole' },
			]),
			['veeam-aws-appliance-trust'],
		);
		assert.deepStrictEqual(denied.scenarios[0].trust.map((t) => t.status), ['denied']);
	});

	test('exact principals are unchanged: a placeholder-looking service name does not satisfy backup.amazonaws.com', () => {
		const a = analyze(trustPolicy({ Service: '<service>' }), ['veeam-aws-dynamodb-restore']);
		assert.deepStrictEqual(a.scenarios[0].trust.map((t) => t.status), ['missing']);
	});

	test('the Impersonation role\'s own policy (sts:AssumeRole on "*") is this scenario; on a veeam_rto_ role it is the FLR source-instance role', () => {
		const star = analyze(policyText([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]));
		assert.deepStrictEqual(star.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-appliance-trust']);
		assert.match(star.scenarios[0].reason!, /chosen over veeam-aws-flr-original-location-source-role \(the same actions\) because the policy's resources fit this one's scope/);
		const printedRole = analyze(readFixture('sources', 'veeam-flr-source-instance-role.json'));
		assert.deepStrictEqual(printedRole.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-flr-original-location-source-role']);
		assert.match(printedRole.scenarios[0].reason!, /because the policy satisfies this one and not that one/);
		const filledIn = analyze(policyText([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::111122223333:role/veeam_rto_i-0123456789abcdef0' }]), ['veeam-aws-flr-original-location-source-role']);
		assert.strictEqual(filledIn.scenarios[0].satisfied, true);
	});

	test('a one-action scenario is not inferred from a policy that grants other things too', () => {
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: ['sts:AssumeRole', 's3:GetObject'], Resource: '*' }])), []);
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }])), []);
	});
});

suite('wildcards as the managed policies print them (backup:Get*, backup:List*, backup:Describe*)', () => {
	const hana = 'aws-backup-sap-hana-restore-managed';
	const explicit = requirementSet(hana).actions.map((a) => a.action).filter((a) => !a.endsWith('*'));
	const withActions = (actions: string[], extra: unknown[] = []) => policyText([{ Effect: 'Allow', Action: actions, Resource: '*' }, ...extra]);

	test('are stored as wildcards, as printed', () => {
		assert.deepStrictEqual(requirementSet(hana).actions.filter((a) => a.action.endsWith('*')).map((a) => a.action), ['backup:Get*', 'backup:List*', 'backup:Describe*']);
	});

	test('a covering pattern grants them: the same wildcard, backup:*, or *', () => {
		for (const cover of [['backup:Get*', 'backup:List*', 'backup:Describe*'], ['backup:*'], ['BACKUP:get*', 'backup:list*', 'backup:DESCRIBE*']]) {
			assert.strictEqual(analyze(withActions([...explicit, ...cover]), [hana]).scenarios[0].satisfied, true, cover.join());
		}
		assert.strictEqual(analyze(policyText([{ Effect: 'Allow', Action: '*', Resource: '*' }]), [hana]).scenarios[0].satisfied, true);
	});

	test('some of the actions a wildcard stands for do not grant it', () => {
		const s = statuses(analyze(withActions([...explicit, 'backup:GetBackupPlan', 'backup:GetBackupVaultNotifications', 'backup:List*', 'backup:Describe*', 'backup:Get?']), [hana]));
		assert.strictEqual(s['backup:Get*'], 'missing');
		assert.strictEqual(s['backup:List*'], 'granted');
	});

	test('a Deny on any action a wildcard stands for denies it; NotAction is honoured', () => {
		const denied = statuses(analyze(withActions([...explicit, 'backup:*'], [{ Effect: 'Deny', Action: 'backup:GetBackupPlan', Resource: '*' }]), [hana]));
		assert.strictEqual(denied['backup:Get*'], 'denied');
		assert.strictEqual(denied['backup:List*'], 'granted');
		const notAction = statuses(analyze(policyText([{ Effect: 'Allow', NotAction: 'backup:GetBackupPlan', Resource: '*' }]), [hana]));
		assert.strictEqual(notAction['backup:Get*'], 'missing');
		assert.strictEqual(notAction['backup:List*'], 'granted');
		const denyNotAction = statuses(analyze(withActions([...explicit, 'backup:*'], [{ Effect: 'Deny', NotAction: 'backup:Get*', Resource: '*' }]), [hana]));
		assert.strictEqual(denyNotAction['backup:Get*'], 'granted');
		assert.strictEqual(denyNotAction['backup:List*'], 'denied');
	});
});

suite('copy-paste slips in the sources', () => {
	test('the Glacier list\'s curly closing quote breaks the JSON; with the quote fixed the list satisfies the scenario', () => {
		const glacier = record.scenarios.find((s) => s.id === 'veeam-vbr-glacier-batch-retrieval')!;
		const lines = printed(glacier).map((a, i, all) => (i === all.length - 1 ? `"${a}\u201d` : `"${a}",`));
		const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        ${lines.join('\n        ')}\n      ],\n      "Resource": "*"\n    }\n  ]\n}\n`;
		const broken = analyze(text, ['veeam-vbr-glacier-batch-retrieval']);
		assert.ok(codes(broken.findings).includes('json-syntax'), codes(broken.findings).join());
		assert.notStrictEqual(broken.scenarios[0]?.satisfied, true);
		const fixed = analyze(text.replace('\u201d', '"'), ['veeam-vbr-glacier-batch-retrieval']);
		assert.strictEqual(fixed.scenarios[0].satisfied, true);
	});

	test('mixed-case names as printed are granted under their canonical names', () => {
		const s = statuses(analyze(policyText([{ Effect: 'Allow', Action: ['rds:CreateDbInstance', 'servicequotas:listServiceQuotas'], Resource: '*' }]), ['veeam-aws-rds-instance-restore']));
		assert.strictEqual(s['rds:CreateDBInstance'], 'granted');
		assert.strictEqual(s['servicequotas:ListServiceQuotas'], 'granted');
	});
});

suite('two versions of AWS\'s DynamoDB page', () => {
	const current5 = () => readFixture('sources', 'dynamodb-example-5-current.json');
	const current8 = () => readFixture('sources', 'dynamodb-example-8-current.json');

	test('the current examples satisfy the current sets; inference prefers them (newest is the default)', () => {
		for (const [text, id, older] of [
			[current5(), 'aws-dynamodb-restore-specific-backup', 'aws-dynamodb-backup-restore'],
			[current8(), 'aws-dynamodb-aws-backup-advanced', 'aws-dynamodb-aws-backup-restore'],
		]) {
			const a = analyze(text, [id]);
			assert.strictEqual(a.scenarios[0].satisfied, true, JSON.stringify(statuses(a)));
			const i = analyze(text);
			assert.deepStrictEqual(i.scenarios.map((s) => s.compiled.set.id), [id]);
			assert.match(i.scenarios[0].reason!, new RegExp(`chosen over ${older} \\(an older version of the same source\\)`));
			assert.deepStrictEqual(requirementSet(id).supersedes, [older]);
		}
	});

	test('the current Example 5 also satisfies the older set; inference still prefers the current one', () => {
		assert.strictEqual(analyze(current5(), ['aws-dynamodb-backup-restore']).scenarios[0].satisfied, true);
		const both = policyText([
			{ Effect: 'Allow', Action: ['dynamodb:DescribeBackup', 'dynamodb:RestoreTableFromBackup'], Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Music/backup/*' },
			{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchWriteItem'], Resource: '*' },
		]);
		assert.deepStrictEqual(inferred(both), ['aws-dynamodb-restore-specific-backup']);
		// Half-written on "*": the current page's scope.
		const halfActions = ['dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:GetItem'];
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: halfActions, Resource: '*' }])), ['aws-dynamodb-restore-specific-backup']);
		// Half-written with the writes on one table: the older page's scope.
		const table = analyze(policyText([{ Effect: 'Allow', Action: halfActions, Resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/Music' }]));
		assert.deepStrictEqual(table.scenarios.map((s) => s.compiled.set.id), ['aws-dynamodb-backup-restore']);
		assert.match(table.scenarios[0].reason!, /chosen over aws-dynamodb-restore-specific-backup \(a newer version of the same source\) because the policy grants fewer of its actions on only some of the resources it needs/);
		// Nothing tells the versions apart (everything under a Condition): the newest is the default.
		const conditional = analyze(policyText([{ Effect: 'Allow', Action: actionsOf('aws-dynamodb-restore-specific-backup'), Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]));
		assert.deepStrictEqual(conditional.scenarios.map((s) => s.compiled.set.id), ['aws-dynamodb-restore-specific-backup']);
		assert.match(conditional.scenarios[0].reason!, /because the newest version is the default/);
	});

	test('the seed\'s older examples satisfy only the older sets, and inference keeps them there', () => {
		const old5 = analyze(readFixture('seeds', '002-example-5.json'), ['aws-dynamodb-restore-specific-backup']);
		const s5 = statuses(old5);
		assert.strictEqual(s5['dynamodb:RestoreTableFromBackup'], 'granted');
		assert.strictEqual(s5['dynamodb:PutItem'], 'partial');
		const partial = old5.findings.find((f) => f.code === 'scenario-partial')!;
		assert.match(partial.message, /the scenario needs "\*": dynamodb:PutItem/);
		assert.deepStrictEqual((partial.data as { resources: string[] }).resources, ['*']);
		const i5 = analyze(readFixture('seeds', '002-example-5.json'));
		assert.deepStrictEqual(i5.scenarios.map((s) => s.compiled.set.id), ['aws-dynamodb-backup-restore']);
		assert.match(i5.scenarios[0].reason!, /chosen over aws-dynamodb-restore-specific-backup \(a newer version of the same source\) because the policy satisfies this one and not that one/);
		const old8 = statuses(analyze(readFixture('seeds', '002-example-8.json'), ['aws-dynamodb-aws-backup-advanced']));
		assert.strictEqual(old8['dynamodb:RestoreTableFromAwsBackup'], 'partial');
		assert.strictEqual(old8['dynamodb:Query'], 'granted');
	});
});
