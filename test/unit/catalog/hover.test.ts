import * as assert from 'assert';
import { Analysis, createChecker } from '../../../server/src/engine';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { atCursor, testCatalog } from '../../support/catalog';
import { policyText } from '../../support/fixtures';

/** The product's first seven scenarios, so exact hovers do not change when requirement sets are added. */
const SEVEN = ['veeam-aws-dynamodb-restore', 'veeam-aws-ec2-restore', 'veeam-aws-ec2-restore-workers', 'veeam-vbr-ec2-restore', 'veeam-vbr-ec2-restore-helper', 'aws-dynamodb-backup-restore', 'aws-dynamodb-aws-backup-restore'];
const catalogChecker = createChecker(builtinRequirementSets.filter((s) => SEVEN.includes(s.id)), { catalog: testCatalog });

function hoverAt(marked: string, scenarios: string[] = []): { markdown: string; spanText: string } | undefined {
	const { text, offset } = atCursor(marked);
	const a: Analysis = catalogChecker.analyze(text, { scenarios, autoDetect: false });
	const h = catalogChecker.hover(a, offset);
	return h && { markdown: h.markdown, spanText: text.slice(h.span.offset, h.span.offset + h.span.length) };
}

/** A policy whose first statement lists the actions; the cursor goes into the one written with a `|`. */
function policy(actions: string[], key = 'Action'): string {
	return policyText([{ Effect: 'Allow', [key]: actions, Resource: '*' }]);
}

const CATALOG_LINE = /\n\n_AWS catalog of \d{4}-\d{2}-\d{2} \(@cloud-copilot\/iam-data \d+\.\d+\.\d+\)_/;

suite('hover', () => {
	test('an exact action: canonical name, access level, description, resource types, condition keys, dependent actions, reference link, catalog date', () => {
		const h = hoverAt(policy(['ec2:Desc|ribeVolumes']))!;
		assert.strictEqual(h.spanText, '"ec2:DescribeVolumes"');
		assert.strictEqual(
			h.markdown.replace(CATALOG_LINE, '\n\n<catalog>'),
			[
				'**`ec2:DescribeVolumes`** · List',
				'Grants permission to describe one or more EBS volumes.',
				'Resource types: none (only `"Resource": "*"`)  \nCondition keys: `ec2:Region`  \nDependent actions: none',
				'**Required by**\n- EC2 restore (Veeam Backup for AWS 10.0.0.232)\n- VBR restore to EC2 (Veeam Backup & Replication 13.0.1.1071)\n- VBR restore to EC2 (helper) (Veeam Backup & Replication 13.0.1.1071)',
				'[Amazon EC2 in the Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)',
				'<catalog>',
			].join('\n\n'),
		);
	});

	test('a required action of the file\'s scenario: its status here and the scenario\'s note, listed first', () => {
		const h = hoverAt(policy(['iam:PassRole', 'ec2:Describe*', 'kms:Re|EncryptTo']), ['veeam-aws-ec2-restore'])!;
		assert.match(h.markdown, /^\*\*`kms:ReEncryptTo`\*\* · Write\n\n/);
		assert.match(h.markdown, /\*\*Required by\*\*\n- \*\*EC2 restore \(Veeam Backup for AWS 10\.0\.0\.232\)\*\* \(checked for this file: granted\)/);
		assert.match(h.markdown, /Resource types: `key`\\\* \(\\\* required\)/);
		assert.match(h.markdown, CATALOG_LINE);
	});

	test('a note of the requirement set is shown with the scenario', () => {
		const set = catalogChecker.requirementSets.flatMap((s) => s.actions.filter((a) => a.note && !a.action.includes('*')).map((a) => ({ set: s, action: a })))[0];
		assert.ok(set, 'some requirement set has a note on an action');
		const h = hoverAt(policy([`${set.action.action.slice(0, 3)}|${set.action.action.slice(3)}`]), [set.set.id])!;
		assert.ok(h.markdown.includes(` — ${set.action.note}`), h.markdown);
	});

	test('casing: the hover names both spellings', () => {
		const h = hoverAt(policy(['iam:list|InstanceProfiles']))!;
		assert.match(h.markdown, /^\*\*`iam:ListInstanceProfiles`\*\* · List\n\n/);
		assert.match(h.markdown, /Written here as `iam:listInstanceProfiles`; AWS writes `iam:ListInstanceProfiles`/);
	});

	test('a wildcard: how many actions, the first few, and which required actions of the file\'s scenarios it covers', () => {
		const h = hoverAt(policy(['kms:Re|*']), ['veeam-aws-ec2-restore'])!;
		assert.strictEqual(h.spanText, '"kms:Re*"');
		assert.strictEqual(
			h.markdown.replace(CATALOG_LINE, '\n\n<catalog>'),
			[
				'**`kms:Re*`** grants 5 actions: `kms:ReEncryptFrom`, `kms:ReEncryptTo`, `kms:ReplicateKey`, `kms:RetireGrant`, `kms:RevokeGrant`.',
				'[AWS Key Management Service in the Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html)',
				"**Covers required actions of this file's scenarios**\n- EC2 restore (Veeam Backup for AWS 10.0.0.232): 2 of its 56 required actions — `kms:ReEncryptFrom`, `kms:ReEncryptTo`",
				'<catalog>',
			].join('\n\n'),
		);
		const big = hoverAt(policy(['ec2:Describe|*']))!;
		assert.match(big.markdown, /^\*\*`ec2:Describe\*`\*\* grants \d{3} actions: (`ec2:Describe\w+`, ){8}and \d+ more\./);
		assert.match(hoverAt(policy(['s3:*', 'kms:Nothing|Here*']), ['veeam-aws-ec2-restore'])!.markdown, /grants 0 actions \(it matches nothing in the catalog\)[\s\S]*Covers none of the required actions/);
		assert.match(hoverAt(policy(['s3:Get|*'], 'NotAction'))!.markdown, /^\*\*`s3:Get\*`\*\* excludes \d+ actions/);
	});

	// A wildcard in the service prefix is not a shape AWS accepts (reference_policies_grammar.html):
	// the hover agrees with evaluation and the action-malformed error.
	test('a wildcard in the service prefix: the hover says it grants nothing', () => {
		assert.match(hoverAt(policy(['e*:Descr|ibe*']))!.markdown, /^\*\*`e\*:Describe\*`\*\* has a wildcard in its service prefix, which AWS does not accept: AWS rejects it, so it grants nothing\./);
	});

	test('an unknown action: says it grants nothing and suggests real names', () => {
		const h = hoverAt(policy(['ec2:DescribeInstance|']))!;
		assert.match(h.markdown, /^\*\*`ec2:DescribeInstance`\*\* is not an action of Amazon EC2 in the catalog: it grants nothing\. Did you mean `ec2:DescribeInstances`\?/);
	});

	test('a scenario finding: the source page of the scenario', () => {
		const h = hoverAt(policyText([{ Effect: 'Allow', 'Act|ion': ['ec2:RunInstances'], Resource: '*' }]), ['veeam-aws-ec2-restore'])!;
		assert.strictEqual(h.spanText, '"Action"');
		assert.strictEqual(
			h.markdown,
			'**EC2 restore (Veeam Backup for AWS 10.0.0.232)** — source: [EC2 Restore IAM Permissions](https://helpcenter.veeam.com/docs/vbaws/guide/role_permissions_restore_ec2.html), page dated 3/25/2025',
		);
	});

	test('nothing to say: other keys, Resource values, non-policies', () => {
		assert.strictEqual(hoverAt(policyText([{ Effect: 'Al|low', Action: 's3:GetObject', Resource: '*' }])), undefined);
		assert.strictEqual(hoverAt(policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b|ucket/*' }])), undefined);
		assert.strictEqual(hoverAt('{"name": "ec2:Run|Instances"}'), undefined);
	});
});
