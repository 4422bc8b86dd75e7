import * as assert from 'assert';
import { CompletionResult } from '../../../server/src/engine';
import { atCursor, catalogChecker, testCatalog } from '../../support/catalog';
import { requirementSet } from '../../support/fixtures';
import { medianCpuMs } from '../../support/timing';

function complete(marked: string, scenarios: string[] = []): { result: CompletionResult | undefined; text: string; offset: number } {
	const { text, offset } = atCursor(marked);
	const analysis = catalogChecker.analyze(text, { scenarios, autoDetect: false });
	return { result: catalogChecker.complete(text, offset, analysis), text, offset };
}

/** What the client would show first: sorted by sortText among the items the typed prefix matches. */
function ranked(result: CompletionResult): string[] {
	const prefix = result.prefix.toLowerCase();
	return result.items.filter((i) => i.label.toLowerCase().startsWith(prefix)).sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0)).map((i) => i.label);
}

const head = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Resource": "*",\n';

suite('completion', () => {
	test('in an empty string: the scenario\'s missing actions first, "required by …", then every service prefix', () => {
		const ec2 = requirementSet('veeam-aws-ec2-restore').actions.map((a) => a.action);
		const listed = ec2.filter((a) => a !== 'ec2:RunInstances' && a !== 'iam:PassRole' && a !== 'kms:ReEncryptTo');
		const { result } = complete(`${head}      "Action": [${listed.map((a) => JSON.stringify(a)).join(', ')}, "|"]\n    }\n  ]\n}`, ['veeam-aws-ec2-restore']);
		assert.ok(result);
		assert.deepStrictEqual(result.span.length, 0);
		const order = ranked(result);
		assert.deepStrictEqual(order.slice(0, 3), ['iam:PassRole', 'ec2:RunInstances', 'kms:ReEncryptTo'].sort((a, b) => ec2.indexOf(a) - ec2.indexOf(b)));
		const first = result.items.find((i) => i.label === order[0])!;
		assert.strictEqual(first.detail, 'required by EC2 restore (Veeam Backup for AWS 10.0.0.232)');
		assert.strictEqual(first.required, true);
		assert.strictEqual(first.kind, 'action');
		const services = result.items.filter((i) => i.kind === 'service');
		assert.strictEqual(services.length, testCatalog().allServices().length);
		const s3 = services.find((i) => i.label === 's3')!;
		assert.deepStrictEqual([s3.detail, s3.insertText, s3.snippet, s3.retrigger], ['Amazon S3', 's3:', false, true]);
	});

	test('after a service prefix: the missing ones of that service first, then every action with its access level, then wildcards', () => {
		const { result, text } = complete(`${head}      "Action": ["ec2:DescribeInstances", "ec2:R|"]\n    }\n  ]\n}`, ['veeam-aws-ec2-restore']);
		assert.ok(result);
		assert.strictEqual(result.prefix, 'ec2:R');
		assert.strictEqual(text.slice(result.span.offset, result.span.offset + result.span.length), 'ec2:R');
		const order = ranked(result);
		// RunInstances and RebootInstances are required and missing; the rest of ec2:R… follows alphabetically.
		assert.deepStrictEqual(order.slice(0, 2).sort(), ['ec2:RebootInstances', 'ec2:RunInstances']);
		assert.ok(result.items.filter((i) => i.required).every((i) => i.sortText < '1'));
		const plain = result.items.find((i) => i.label === 'ec2:RegisterImage')!;
		assert.deepStrictEqual([plain.detail, plain.kind, plain.insertText, plain.required], ['Write', 'action', 'ec2:RegisterImage', undefined]);
		assert.strictEqual(result.items.find((i) => i.label === 'ec2:DescribeFleets')?.detail, 'List');
		// Entries already in the list are not proposed again.
		assert.ok(!result.items.some((i) => i.label === 'ec2:DescribeInstances'));
		const wildcards = result.items.filter((i) => i.kind === 'wildcard');
		assert.deepStrictEqual(wildcards[0], { label: 'ec2:*', kind: 'wildcard', detail: `${testCatalog().actionsOf('ec2').length} actions`, sortText: '3ec2:*', insertText: 'ec2:*', snippet: false, retrigger: false });
		assert.ok(wildcards.some((w) => w.label === 'ec2:Describe*'));
		assert.ok(wildcards.every((w) => w.sortText > '2'));
	});

	test('in a string being typed at the end of an unfinished document, and with text after the cursor', () => {
		const open = complete(`${head}      "Action": ["s3:GetObj|`);
		assert.strictEqual(open.result?.prefix, 's3:GetObj');
		assert.ok(open.result.items.some((i) => i.label === 's3:GetObject' && i.insertText === 's3:GetObject'));
		const middle = complete(`${head}      "Action": "s3:Get|Obj"\n    }\n  ]\n}`);
		assert.strictEqual(middle.text.slice(middle.result!.span.offset, middle.result!.span.offset + middle.result!.span.length), 's3:GetObj');
		assert.strictEqual(middle.result!.prefix, 's3:Get');
	});

	test('in a new array element: quoted insertions; a service is a snippet that leaves the cursor after the colon', () => {
		const { result, offset } = complete(`${head}      "Action": ["s3:GetObject", |]\n    }\n  ]\n}`);
		assert.deepStrictEqual(result?.span, { offset, length: 0 });
		const s3 = result.items.find((i) => i.label === 's3')!;
		assert.deepStrictEqual([s3.insertText, s3.snippet, s3.retrigger], ['"s3:$0"', true, true]);
		const bare = complete(`${head}      "NotAction": |\n    }\n  ]\n}`);
		assert.ok(bare.result?.items.some((i) => i.label === 'iam'));
	});

	test('Statement as a single object, and NotAction', () => {
		const { result } = complete('{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": ["kms:Dec|"], "Resource": "*"}}');
		assert.ok(result?.items.some((i) => i.label === 'kms:Decrypt' && i.detail === 'Write'));
	});

	test('nowhere else: keys, Resource, Effect, Condition, non-policy JSON, after a closed string', () => {
		for (const marked of [
			`${head}      "Act|ion": []\n    }\n  ]\n}`,
			'{"Statement": [{"Resource": "arn:|"}]}',
			'{"Statement": [{"Effect": "Al|"}]}',
			'{"Statement": [{"Condition": {"StringEquals": {"aws:|": "x"}}}]}',
			'{"Action": ["s3:|"]}',
			'{"Statement": [{"Action": ["s3:GetObject"|]}]}',
		])
			assert.strictEqual(complete(marked).result, undefined, marked);
	});

	test('fast: the full list of services, and the largest service, in well under 20 ms of CPU', () => {
		complete(`${head}      "Action": ["|"]\n    }\n  ]\n}`); // warm the catalog
		const time = (marked: string) => {
			const { text, offset } = atCursor(marked);
			const analysis = catalogChecker.analyze(text, { scenarios: ['veeam-aws-ec2-restore'], autoDetect: false });
			// CPU time: a loaded machine makes the test wait, not work.
			return medianCpuMs(() => catalogChecker.complete(text, offset, analysis), 21);
		};
		const services = time(`${head}      "Action": ["|"]\n    }\n  ]\n}`);
		const ec2 = time(`${head}      "Action": ["ec2:|"]\n    }\n  ]\n}`);
		assert.ok(services < 20 && ec2 < 20, `median ${services.toFixed(2)} ms (services), ${ec2.toFixed(2)} ms (ec2:)`);
	});
});
