import type { RequirementSet } from '../engine/requirementSet';
import awsDynamodbAwsBackupRestore from './aws-dynamodb-aws-backup-restore.json';
import awsDynamodbBackupRestore from './aws-dynamodb-backup-restore.json';
import veeamAwsDynamodbRestore from './veeam-aws-dynamodb-restore.json';
import veeamAwsEc2Restore from './veeam-aws-ec2-restore.json';
import veeamAwsEc2RestoreWorkers from './veeam-aws-ec2-restore-workers.json';
import veeamVbrEc2Restore from './veeam-vbr-ec2-restore.json';
import veeamVbrEc2RestoreHelper from './veeam-vbr-ec2-restore-helper.json';
import veeamAwsEfsRestore from './veeam-aws-efs-restore.json';
import veeamAwsRdsInstanceRestore from './veeam-aws-rds-instance-restore.json';
import veeamAwsRdsDatabaseRestore from './veeam-aws-rds-database-restore.json';
import veeamAwsRedshiftRestore from './veeam-aws-redshift-restore.json';
import veeamAwsRedshiftServerlessRestore from './veeam-aws-redshift-serverless-restore.json';
import veeamAwsFsxRestore from './veeam-aws-fsx-restore.json';
import veeamAwsVpcRestore from './veeam-aws-vpc-restore.json';
import veeamAwsFlrWorker from './veeam-aws-flr-worker.json';
import veeamAwsFlrOriginalLocationSourceRole from './veeam-aws-flr-original-location-source-role.json';
import veeamAwsProductionWorker from './veeam-aws-production-worker.json';
import veeamAwsWorkerConfiguration from './veeam-aws-worker-configuration.json';
import veeamAwsRepository from './veeam-aws-repository.json';
import veeamAwsFullList from './veeam-aws-full-list.json';
import veeamAwsApplianceTrust from './veeam-aws-appliance-trust.json';
import veeamAwsGrantMissingPermissionsUser from './veeam-aws-grant-missing-permissions-user.json';
import veeamAwsConfigRestoreGrantUser from './veeam-aws-config-restore-grant-user.json';
import veeamVbrS3ReadonlyRecoveryImmutable from './veeam-vbr-s3-readonly-recovery-immutable.json';
import veeamVbrS3ReadonlyRecoveryMutable from './veeam-vbr-s3-readonly-recovery-mutable.json';
import veeamVbrGlacierBatchRetrieval from './veeam-vbr-glacier-batch-retrieval.json';
import awsBackupRestoresManaged from './aws-backup-restores-managed.json';
import awsBackupS3RestoreManaged from './aws-backup-s3-restore-managed.json';
import awsBackupItemRestoresManaged from './aws-backup-item-restores-managed.json';
import awsBackupSapHanaRestoreManaged from './aws-backup-sap-hana-restore-managed.json';
import awsBackupOperatorManaged from './aws-backup-operator-managed.json';
import awsDynamodbRestoreSpecificBackup from './aws-dynamodb-restore-specific-backup.json';
import awsDynamodbAwsBackupAdvanced from './aws-dynamodb-aws-backup-advanced.json';

/**
 * The requirement sets shipped with the product: the first seven (the product's original
 * scenarios, whose ids are a public contract: settings, annotations and `--scenario` name them), then the
 * further restore scenarios (issue 8) grouped by product: Veeam Backup for AWS, Veeam Backup &
 * Replication, AWS Backup's managed policies, and the current version of AWS's DynamoDB page.
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
	veeamAwsEfsRestore,
	veeamAwsRdsInstanceRestore,
	veeamAwsRdsDatabaseRestore,
	veeamAwsRedshiftRestore,
	veeamAwsRedshiftServerlessRestore,
	veeamAwsFsxRestore,
	veeamAwsVpcRestore,
	veeamAwsFlrWorker,
	veeamAwsFlrOriginalLocationSourceRole,
	veeamAwsProductionWorker,
	veeamAwsWorkerConfiguration,
	veeamAwsRepository,
	veeamAwsFullList,
	veeamAwsApplianceTrust,
	veeamAwsGrantMissingPermissionsUser,
	veeamAwsConfigRestoreGrantUser,
	veeamVbrS3ReadonlyRecoveryImmutable,
	veeamVbrS3ReadonlyRecoveryMutable,
	veeamVbrGlacierBatchRetrieval,
	awsBackupRestoresManaged,
	awsBackupS3RestoreManaged,
	awsBackupItemRestoresManaged,
	awsBackupSapHanaRestoreManaged,
	awsBackupOperatorManaged,
	awsDynamodbRestoreSpecificBackup,
	awsDynamodbAwsBackupAdvanced,
] as RequirementSet[];
