import * as assert from 'assert';
import { catalogChecker } from '../../support/catalog';
import { corpusEntries, corpusText } from '../../support/corpus';
import { analyze, policyText, requirementSet } from '../../support/fixtures';

/** Issue 12, "noise and messages": short messages, one finding per cause and spot, retired services named. */
suite('messages', () => {
	test('every message stays under 2,000 characters: long lists go to data (the 450-action full list, missing all of it)', () => {
		const a = analyze(policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), ['veeam-aws-full-list', 'veeam-aws-vpc-restore', 'aws-backup-restores-managed']);
		const missing = a.findings.filter((f) => f.code === 'scenario-missing');
		assert.strictEqual(missing.length, 3);
		for (const f of a.findings) assert.ok(f.message.length < 2000, `${f.code}: ${f.message.length} characters`);
		const full = missing.find((f) => f.data?.scenario === 'veeam-aws-full-list')!;
		assert.strictEqual((full.data!.actions as string[]).length, requirementSet('veeam-aws-full-list').actions.length - 1, 'data names every missing action');
		assert.match(full.message, /needs 449 more of its 450 actions: .* and 429 more \(all in the finding's data and the coverage report\)\.$/);
	});

	test('every message of every corpus policy, checked against every scenario, stays under 2,000 characters', function () {
		this.timeout(120000);
		const ids = catalogChecker.requirementSets.map((s) => s.id);
		for (const e of corpusEntries().filter((x) => x.expected.restoreRole || x.file.startsWith('veeamhub/'))) {
			const a = catalogChecker.analyze(corpusText(e), { scenarios: ids });
			for (const f of a.findings) assert.ok(f.message.length < 2000, `${e.file} ${f.code}: ${f.message.length} characters`);
		}
	});

	test('an action that cannot be scoped, on a scoped statement: never partial and constraint both at that spot (AWSBackupFullAccess)', () => {
		// AWSBackupFullAccess grants storagegateway:ListGateways and friends (no resource type in the
		// Service Authorization Reference) on scoped ARNs; before, each got a partial and a constraint warning at one Resource.
		const entry = corpusEntries().find((e) => e.file === 'aws-managed/AWSBackupFullAccess.json')!;
		const a = catalogChecker.analyze(corpusText(entry));
		const atSpot = new Map<number, string[]>();
		for (const f of a.findings) {
			if (f.code !== 'scenario-partial' && f.code !== 'constraint-wildcard-resource') continue;
			for (const action of (f.data?.actions as string[]) ?? []) {
				const key = `${f.span.offset}:${action.toLowerCase()}`;
				atSpot.set(f.span.offset, [...(atSpot.get(f.span.offset) ?? []), key]);
			}
		}
		for (const keys of atSpot.values()) assert.strictEqual(new Set(keys).size, keys.length, `one finding per action and spot: ${keys.join(', ')}`);
	});

	test('one Deny blocking the same action for two scenarios: one finding at the Deny, naming both', () => {
		const text = policyText([
			{ Effect: 'Allow', Action: '*', Resource: '*' },
			{ Sid: 'NoRun', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' },
		]);
		const a = analyze(text, ['veeam-aws-ec2-restore', 'veeam-vbr-ec2-restore']);
		const denied = a.findings.filter((f) => f.code === 'scenario-denied');
		assert.strictEqual(denied.length, 1);
		assert.deepStrictEqual(denied[0].data!.scenarios, ['veeam-aws-ec2-restore', 'veeam-vbr-ec2-restore']);
		assert.match(denied[0].message, /The same holds for 1 more scenario checked here: veeam-vbr-ec2-restore\.$/);
	});

	test('a retired service is named as such, not as an unknown one with a guess', () => {
		const a = catalogChecker.analyze(policyText([{ Effect: 'Allow', Action: ['gamesparks:ListGames', 'ec2:DescribeInstances'], Resource: '*' }]));
		const f = a.findings.find((x) => x.code === 'action-unknown-service')!;
		assert.match(f.message, /^"gamesparks:ListGames" belongs to a retired service: "gamesparks" is no longer in the AWS catalog .*; AWS's own managed policies last named it in ReadOnlyAccess v\d+ \(\d{4}-\d{2}-\d{2}\)\. It grants nothing; remove it\.$/);
		assert.deepStrictEqual(f.data!.suggestions, []);
		// A typo of a live service still gets its "did you mean".
		const typo = catalogChecker.analyze(policyText([{ Effect: 'Allow', Action: ['dynamdb:GetItem'], Resource: '*' }])).findings.find((x) => x.code === 'action-unknown-service')!;
		assert.match(typo.message, /Did you mean "dynamodb:GetItem"\?/);
	});
});
