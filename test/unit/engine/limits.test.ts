import * as assert from 'assert';
import { policySize, splitPolicy } from '../../../server/src/engine';
import { analyze, policyText, requirementSet } from '../../support/fixtures';

const fullList = () => requirementSet('veeam-aws-full-list').actions.map((a) => a.action);

suite('policy size limits (IAM quotas, whitespace excluded)', () => {
	test('AWS counts characters without whitespace, but whitespace inside strings counts', () => {
		assert.strictEqual(policySize('{ "a" : [ "b c" ] }'), '{"a":["b c"]}'.length);
		assert.strictEqual(policySize('{\n\t"a\\"b": 1\r\n}'), '{"a\\"b":1}'.length);
	});

	test('a policy under 6,144 characters has no size finding; over it, a warning with the count', () => {
		assert.ok(!analyze(policyText([{ Effect: 'Allow', Action: fullList().slice(0, 100), Resource: '*' }])).findings.some((f) => f.code === 'policy-size'));
		const text = policyText([{ Effect: 'Allow', Action: fullList().slice(0, 250), Resource: '*' }]);
		const f = analyze(text).findings.find((x) => x.code === 'policy-size')!;
		assert.strictEqual(f.severity, 'warning');
		assert.strictEqual(f.data?.size, policySize(text));
		assert.match(f.message, /^The policy has 7,\d{3} characters \(whitespace excluded\): more than the 6,144 AWS allows for a managed policy\. As the only inline policy of a role it fits/);
	});

	test('over 10,240 characters it is an error: too big even as a role\'s inline policies', () => {
		const f = analyze(policyText([{ Effect: 'Allow', Action: fullList(), Resource: '*' }])).findings.find((x) => x.code === 'policy-size')!;
		assert.strictEqual(f.severity, 'error');
		assert.match(f.message, /13,\d{3} characters/);
	});

	test('an IAM user\'s policy over 2,048 characters gets a note about inline user policies', () => {
		const text = policyText([{ Effect: 'Allow', Action: [...requirementSet('veeam-vbr-ec2-restore').actions.map((a) => a.action), ...fullList().slice(0, 30)], Resource: '*' }]);
		const f = analyze(text, ['veeam-vbr-ec2-restore']).findings.find((x) => x.code === 'policy-size')!;
		assert.strictEqual(f.severity, 'information');
		assert.match(f.message, /inline user policy may have only 2,048/);
	});

	test('a size finding names the quota of the kind of policy at hand (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)', () => {
		// A user's policy over 6,144: no managed nor inline user policy can hold it; never told about roles.
		const user = analyze(policyText([{ Effect: 'Allow', Action: fullList().slice(0, 250), Resource: '*' }]), ['veeam-vbr-ec2-restore']).findings.find((x) => x.code === 'policy-size')!;
		assert.strictEqual(user.severity, 'error');
		assert.match(user.message, /managed policy and the 2,048 of an IAM user's inline policy/);
		assert.doesNotMatch(user.message, /role/);
		assert.strictEqual(user.data?.principal, 'user');
		// A role's policy is never told to attach itself to a user.
		const role = analyze(policyText([{ Effect: 'Allow', Action: fullList().slice(0, 120), Resource: '*' }]), ['veeam-aws-ec2-restore']).findings.find((x) => x.code === 'policy-size');
		assert.ok(!role || !/user/.test(role.message), role?.message);
		// A trust policy: "Role trust policy length" 2,048 by default, 4,096 at most.
		const principals = Array.from({ length: 60 }, (_, i) => `arn:aws:iam::1234567890${String(i).padStart(2, '0')}:role/some-long-role-name-${i}`);
		const trust = analyze(policyText([{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }])).findings.find((x) => x.code === 'policy-size')!;
		assert.strictEqual(trust.data?.principal, 'trust');
		assert.match(trust.message, /^The trust policy has [\d,]+ characters \(whitespace excluded\): more than the (2,048 AWS allows for a role's trust policy by default|4,096 a role's trust policy may have)/);
	});

	test('split: parts each fit, keep order and Sids unique, and together grant exactly the original', () => {
		const statements = [
			{ Sid: 'Big', Effect: 'Allow', Action: fullList(), Resource: '*' },
			{ Sid: 'Guard', Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
		];
		const text = policyText(statements);
		const parts = splitPolicy(text)!;
		assert.strictEqual(parts.length, 3);
		for (const p of parts) assert.ok(policySize(p) <= 6144, String(policySize(p)));
		const merged = parts.flatMap((p) => JSON.parse(p).Statement);
		assert.deepStrictEqual(merged.flatMap((s: { Action: string | string[] }) => s.Action), [...fullList(), 'ec2:TerminateInstances']);
		assert.strictEqual(new Set(merged.map((s: { Sid: string }) => s.Sid)).size, merged.length);
		assert.ok(parts.every((p) => p.startsWith('{\n  "Version": "2012-10-17",')), 'the document\'s indentation is kept');
		const together = JSON.stringify({ Version: '2012-10-17', Statement: merged.filter((s: { Effect: string }) => s.Effect === 'Allow') });
		assert.strictEqual(analyze(together, ['veeam-aws-full-list']).scenarios[0].satisfied, true);
	});

	test('split refuses documents it cannot rewrite faithfully: comments, syntax errors, small policies', () => {
		assert.strictEqual(splitPolicy('{"Statement": [] // c\n}'), undefined);
		assert.strictEqual(splitPolicy('{"Statement": [}'), undefined);
		assert.strictEqual(splitPolicy(policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }])), undefined);
	});
});
