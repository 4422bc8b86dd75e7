import type { RequirementSet } from '../engine/requirementSet';
import awsDynamodbAwsBackupRestore from './aws-dynamodb-aws-backup-restore.json';
import awsDynamodbBackupRestore from './aws-dynamodb-backup-restore.json';
import veeamAwsDynamodbRestore from './veeam-aws-dynamodb-restore.json';
import veeamAwsEc2Restore from './veeam-aws-ec2-restore.json';
import veeamAwsEc2RestoreWorkers from './veeam-aws-ec2-restore-workers.json';
import veeamVbrEc2Restore from './veeam-vbr-ec2-restore.json';
import veeamVbrEc2RestoreHelper from './veeam-vbr-ec2-restore-helper.json';

/**
 * The requirement sets shipped with the product, in the order PRODUCT.md lists them.
 * The data files are validated against schemas/requirement-set.schema.json by the tests.
 */
export const builtinRequirementSets: readonly RequirementSet[] = [
	veeamAwsDynamodbRestore,
	veeamAwsEc2Restore,
	veeamAwsEc2RestoreWorkers,
	veeamVbrEc2Restore,
	veeamVbrEc2RestoreHelper,
	awsDynamodbBackupRestore,
	awsDynamodbAwsBackupRestore,
] as RequirementSet[];
