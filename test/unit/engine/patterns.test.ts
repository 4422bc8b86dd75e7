import * as assert from 'assert';
import { ActionMatcher, globCovers, globIntersects, globMatch } from '../../../server/src/engine/patterns';

suite('wildcard patterns', () => {
	test('globMatch', () => {
		assert.ok(globMatch('ec2:describe*', 'ec2:describeinstances'));
		assert.ok(globMatch('*', ''));
		assert.ok(globMatch('a?c', 'abc'));
		assert.ok(!globMatch('a?c', 'ac'));
		assert.ok(globMatch('*:*instances', 'ec2:runinstances'));
		assert.ok(!globMatch('ec2:run*', 'ec2:describeinstances'));
		assert.ok(globMatch('a*b*c', 'axxbyyc'));
		assert.ok(!globMatch('a*b*c', 'axxbyy'));
		assert.ok(globMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b'));
		assert.ok(!globMatch('arn:aws:s3:::bucket/*', 'arn:aws:s3:::Bucket/a'), 'resources are case-sensitive');
	});

	test('globCovers: does the outer pattern match everything the inner matches?', () => {
		assert.ok(globCovers('*', 'arn:aws:dynamodb:*:*:table/*'));
		assert.ok(globCovers('arn:aws:dynamodb:*', 'arn:aws:dynamodb:*:*:table/*'));
		assert.ok(globCovers('arn:aws:dynamodb:*:*:table/*', 'arn:aws:dynamodb:us-east-1:1:table/Movies'));
		assert.ok(!globCovers('arn:aws:dynamodb:us-east-1:*:table/*', 'arn:aws:dynamodb:*:*:table/*'));
		assert.ok(!globCovers('arn:aws:ec2:*', '*'));
		// Sound, not complete: 'a*?' does cover 'a?*', but only a star can absorb a star here.
		assert.ok(!globCovers('a*?', 'a?*'));
		assert.ok(globCovers('a*', 'a?*'));
		assert.ok(!globCovers('a?', 'a*'));
	});

	test('globIntersects: is there a string both match?', () => {
		assert.ok(globIntersects('arn:aws:dynamodb:us-east-1:1:table/Books', 'arn:aws:dynamodb:*:*:table/*'));
		assert.ok(globIntersects('arn:aws:dynamodb:us-*', 'arn:aws:dynamodb:*:1:table/*'));
		assert.ok(!globIntersects('arn:aws:s3:::bucket/*', 'arn:aws:dynamodb:*:*:table/*'));
		assert.ok(globIntersects('a*c', '*b*'));
		assert.ok(!globIntersects('a?', 'abc'));
		assert.ok(globIntersects('?b*', 'a*'));
	});

	test('a 30,000-character pattern neither overflows the stack nor takes long (long fuzz run, seed 77, case 34163)', () => {
		const long = 'arn:aws:s3:::' + 'x'.repeat(30000);
		assert.strictEqual(globCovers(`${long}*`, 'arn:aws:s3:::*'), false);
		assert.strictEqual(globIntersects(`${long}*`, 'arn:aws:s3:::*'), true);
		assert.strictEqual(globCovers('arn:aws:s3:::*', `${long}?*`), true);
	});

	// A wildcard in the service prefix is not an action AWS accepts (reference_policies_grammar.html):
	// such patterns, like strings with whitespace, match nothing.
	test('ActionMatcher buckets patterns by service; malformed patterns match nothing', () => {
		const m = new ActionMatcher(['EC2:Describe*', 'iam:PassRole', '*:List*', 's?s:SendMessage', ' sqs:GetQueueUrl']);
		assert.ok(m.matches('ec2:describeinstances'));
		assert.ok(m.matches('iam:passrole'));
		assert.ok(!m.matches('kms:listkeys'));
		assert.ok(!m.matches('sqs:sendmessage'));
		assert.ok(!m.matches('sqs:getqueueurl'));
		assert.ok(!m.matches('ec2:runinstances'));
		assert.ok(!m.matches('iam:getrole'));
		assert.ok(new ActionMatcher(['*']).matches('anything:atall'));
		assert.ok(!new ActionMatcher([]).matches('ec2:runinstances'));
	});
});
