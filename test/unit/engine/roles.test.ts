import * as assert from 'assert';
import { permissionPolicyParts, policyText as render, trustPolicy } from '../../../server/src/engine';
import { checker, policyText, requirementSet } from '../../support/fixtures';

const FULL = 'veeam-aws-full-list';
const parts = () => permissionPolicyParts(requirementSet(FULL)).map((p, i) => ({ name: `full-list-${i + 1}.json`, text: render(p.policy) }));

suite('roles made of several policies', () => {
	test('the three-policy full list satisfies its scenario as a role; each file alone does not', () => {
		const files = parts();
		assert.strictEqual(files.length, 3);
		for (const f of files) assert.strictEqual(checker.analyze(f.text, { scenarios: [FULL] }).scenarios[0].satisfied, false, f.name);
		const role = checker.analyzeRole({ name: 'VeeamFullList', policies: files, trust: { name: 'trust.json', text: render(trustPolicy(requirementSet(FULL))!) }, scenarios: [FULL] });
		assert.strictEqual(role.scenarios[0].satisfied, true);
		for (const d of role.documents) assert.deepStrictEqual(d.analysis.findings.filter((x) => x.code.startsWith('scenario-') || x.code === 'trust-principal-missing'), [], d.name);
		const granted = role.scenarios[0].actions.filter((a) => a.status === 'granted');
		assert.deepStrictEqual(new Set(granted.flatMap((a) => a.by.map((s) => role.documentOf(s)))), new Set([0, 1, 2]), 'grants come from all three files');
	});

	test('a file of the role is not flagged alone for what its siblings grant; missing actions are reported once', () => {
		const files = parts();
		const withoutLast = files.slice(0, 2);
		const role = checker.analyzeRole({ name: 'Partial', policies: withoutLast, scenarios: [FULL] });
		const missing = role.documents.flatMap((d, i) => d.analysis.findings.filter((f) => f.code === 'scenario-missing').map((f) => ({ i, f })));
		assert.strictEqual(missing.length, 1);
		assert.strictEqual((missing[0].f.data?.actions as string[]).length, requirementSet(FULL).policyParts![2].actions.length);
	});

	test('a Deny in one file blocks an Allow in another, reported on the Deny with the Allow as related information', () => {
		const allow = { name: 'allow.json', text: policyText([{ Sid: 'Restore', Effect: 'Allow', Action: requirementSet('veeam-aws-ec2-restore').actions.map((a) => a.action), Resource: '*' }]) };
		const guard = { name: 'guard.json', text: policyText([{ Sid: 'NoTerminate', Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*' }]) };
		const role = checker.analyzeRole({ name: 'Ec2', policies: [allow, guard], scenarios: ['veeam-aws-ec2-restore'] });
		assert.strictEqual(role.scenarios[0].actions.find((a) => a.action === 'ec2:TerminateInstances')?.status, 'denied');
		assert.deepStrictEqual(role.documents[0].analysis.findings.filter((f) => f.code.startsWith('scenario-')), []);
		const denied = role.documents[1].analysis.findings.find((f) => f.code === 'scenario-denied')!;
		assert.match(denied.message, /The Deny in statement "NoTerminate" blocks 1 action/);
		assert.strictEqual(denied.related?.[0].document, 0);
		assert.match(denied.related![0].message, /statement "Restore" in allow\.json: allows them, but the Deny wins/);
	});

	test('the trust file is checked for the scenario\'s principals', () => {
		const files = parts();
		const wrongTrust = { name: 'trust.json', text: policyText([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) };
		const role = checker.analyzeRole({ name: 'R', policies: files, trust: wrongTrust, scenarios: [FULL] });
		assert.strictEqual(role.scenarios[0].satisfied, false);
		const trustFindings = role.documents[3].analysis.findings.filter((f) => f.code === 'trust-principal-missing');
		assert.ok(trustFindings.some((f) => /backup\.amazonaws\.com/.test(f.message)));
		assert.deepStrictEqual(role.documents.slice(0, 3).flatMap((d) => d.analysis.findings.filter((f) => f.code === 'trust-principal-missing')), []);
	});
});
