import type { Span } from '../types';
import type { Annotation, HostPolicy, HostRole } from './syntax';
import { findProperty, type HostNode, propertyValueOf } from './tree';

/**
 * CloudFormation (and SAM) templates, read from the host tree whatever their syntax (JSON or
 * YAML): the IAM resources, their policy documents, and the roles that tie them together.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-rolepolicy.html
 * https://github.com/aws/serverless-application-model/blob/develop/versions/2016-10-31.md (Policies)
 */

/** The metadata key of an annotation: `Metadata: { iam-restore-lint: { scenarios: [ID, …] } }`. */
export const ANNOTATION_KEY = 'iam-restore-lint';

/** CloudFormation's intrinsic functions, in their long form (`Fn::Sub`) and as YAML short tags (`!Sub`). */
export const INTRINSIC_FUNCTIONS = [
	'Ref', 'Condition', 'Fn::Base64', 'Fn::Cidr', 'Fn::FindInMap', 'Fn::GetAtt', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Join',
	'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::Transform', 'Fn::And', 'Fn::Equals', 'Fn::If', 'Fn::Not', 'Fn::Or',
	'Fn::ToJsonString', 'Fn::Length', 'Fn::ForEach', 'Fn::GetStackOutput',
];

/** Is the object node `{ "Ref": … }` / `{ "Fn::X": … }`, an intrinsic function in its long form? */
export function isIntrinsicObject(node: HostNode): boolean {
	if (node.type !== 'object' || node.children?.length !== 1) return false;
	const key = node.children[0].children?.[0]?.value;
	return key === 'Ref' || (typeof key === 'string' && key.startsWith('Fn::'));
}

/**
 * Marks the long forms of intrinsic functions in a JSON tree as deploy-time values, in place:
 * `{"Fn::GetAtt": ["Table", "Arn"]}` becomes an `unknown` node over the same text.
 */
export function markIntrinsics(root: HostNode, text: string): void {
	const stack: HostNode[] = [root];
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (isIntrinsicObject(node)) {
			const property = node.children![0];
			const m = node as { type: string; deployTime?: string; intrinsic?: unknown };
			m.type = 'unknown';
			m.deployTime = text.slice(node.offset, node.offset + node.length);
			m.intrinsic = { name: property.children![0].value, argument: plainArgument(property.children?.[1]) };
			continue;
		}
		if (node.children) stack.push(...node.children);
	}
}

function plainArgument(node: HostNode | undefined): unknown {
	if (!node) return undefined;
	if (node.type === 'array') return (node.children ?? []).map(plainArgument);
	if (node.type === 'object') return Object.fromEntries((node.children ?? []).map((p) => [p.children?.[0]?.value, plainArgument(p.children?.[1])]));
	if (node.type === 'unknown') return (node as { intrinsic?: unknown }).intrinsic ?? node.deployTime;
	return node.value;
}

/** The intrinsic function of a deploy-time node, when the builder recorded it. */
export function intrinsicOf(node: HostNode | undefined): { name: string; argument: unknown } | undefined {
	return (node as { intrinsic?: { name: string; argument: unknown } } | undefined)?.intrinsic;
}

/** Is this tree a CloudFormation template? A `Resources` object whose members have a `Type`. */
export function isCloudFormation(root: HostNode | undefined): boolean {
	const resources = propertyValueOf(root, 'Resources');
	if (resources?.type !== 'object') return false;
	if (findProperty(root, 'AWSTemplateFormatVersion') || findProperty(root, 'Transform')) return true;
	return (resources.children ?? []).some((p) => propertyValueOf(p.children?.[1], 'Type')?.type === 'string');
}

function span(node: HostNode): Span {
	return { offset: node.offset, length: node.length };
}

function items(node: HostNode | undefined): HostNode[] {
	if (!node) return [];
	return node.type === 'array' ? node.children ?? [] : [node];
}

/** The logical id a `!Ref X` / `{"Ref": "X"}` / `!GetAtt X.Arn` names, if any. */
function referencedId(node: HostNode): string | undefined {
	const fn = intrinsicOf(node);
	if (!fn) return undefined;
	if (fn.name === 'Ref' && typeof fn.argument === 'string') return fn.argument;
	if (fn.name === 'Fn::GetAtt') {
		if (Array.isArray(fn.argument) && typeof fn.argument[0] === 'string') return fn.argument[0];
		if (typeof fn.argument === 'string') return fn.argument.split('.')[0];
	}
	return undefined;
}

/** An ARN written with pseudo parameters (`arn:${AWS::Partition}:iam::aws:policy/X`), as it is in the `aws` partition. */
function staticArn(node: HostNode): string | undefined {
	if (node.type === 'string') return String(node.value);
	const fn = intrinsicOf(node);
	if (fn?.name === 'Fn::Sub' && typeof fn.argument === 'string') {
		const arn = fn.argument.replace(/\$\{AWS::Partition\}/g, 'aws');
		return arn.includes('${') ? undefined : arn;
	}
	return undefined;
}

function annotationOf(resource: HostNode): Annotation | undefined {
	const metadata = propertyValueOf(resource, 'Metadata');
	const ours = propertyValueOf(metadata, ANNOTATION_KEY);
	const list = propertyValueOf(ours, 'scenarios');
	if (!ours || !list) return undefined;
	const scenarios = items(list).filter((n) => n.type === 'string').map((n) => String(n.value));
	return { scenarios, span: span(list) };
}

interface Resource {
	id: string;
	key: HostNode;
	node: HostNode;
	type: string;
	properties: HostNode | undefined;
}

/** Reads the IAM resources of a template: every policy document and every role. */
export function readCloudFormation(root: HostNode): { policies: HostPolicy[]; roles: HostRole[] } {
	const resources: Resource[] = [];
	for (const p of propertyValueOf(root, 'Resources')?.children ?? []) {
		const key = p.children?.[0];
		const node = p.children?.[1];
		const type = propertyValueOf(node, 'Type');
		if (!key || !node || node.type !== 'object' || type?.type !== 'string') continue;
		resources.push({ id: String(key.value), key, node, type: String(type.value), properties: propertyValueOf(node, 'Properties') });
	}
	const policies: HostPolicy[] = [];
	const roles = new Map<string, HostRole>();
	/** Role names (`RoleName`) → logical ids, for `Roles: [name]` written as plain strings. */
	const roleByName = new Map<string, string>();
	const document = (name: string, use: HostPolicy['use'], node: HostNode | undefined, anchor: HostNode, annotation?: Annotation): string | undefined => {
		if (!node || (node.type !== 'object' && node.type !== 'unknown')) return undefined;
		policies.push({ name, use, root: node, anchor: span(anchor), annotation });
		return name;
	};
	const inlinePolicies = (r: Resource, list: HostNode | undefined): string[] =>
		items(list).flatMap((entry, i) => {
			const policyName = propertyValueOf(entry, 'PolicyName');
			const label = policyName?.type === 'string' ? String(policyName.value) : String(i);
			const name = document(`${r.id}/Policies/${label}`, 'identity', propertyValueOf(entry, 'PolicyDocument'), policyName ?? entry);
			return name ? [name] : [];
		});

	for (const r of resources) {
		if (r.type === 'AWS::IAM::Role') {
			const role: HostRole = { name: r.id, anchor: span(r.key), policies: [], managedPolicyArns: [], unresolved: [], annotation: annotationOf(r.node) };
			role.trust = document(`${r.id}/AssumeRolePolicyDocument`, 'trust', propertyValueOf(r.properties, 'AssumeRolePolicyDocument'), findProperty(r.properties, 'AssumeRolePolicyDocument')?.children?.[0] ?? r.key);
			role.policies.push(...inlinePolicies(r, propertyValueOf(r.properties, 'Policies')));
			const roleName = propertyValueOf(r.properties, 'RoleName');
			if (roleName?.type === 'string') roleByName.set(String(roleName.value), r.id);
			roles.set(r.id, role);
		} else if (r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') {
			// SAM creates a role for the function from `Policies`: inline documents, managed policy
			// names or ARNs, and SAM policy templates (`- S3ReadPolicy: {BucketName: …}`), which are not
			// IAM documents: no maintained data package of them exists on npm (SAM's own list lives in
			// the Python aws-sam-translator), so each is named as an attachment not read here.
			const list = propertyValueOf(r.properties, 'Policies');
			if (!list) continue;
			const role: HostRole = { name: r.id, anchor: span(r.key), policies: [], managedPolicyArns: [], unresolved: [], annotation: annotationOf(r.node) };
			items(list).forEach((entry, i) => {
				if (entry.type === 'object' && findProperty(entry, 'Statement')) {
					const name = document(`${r.id}/Policies/${i}`, 'identity', entry, entry);
					if (name) role.policies.push(name);
				} else if (entry.type === 'string') {
					const value = String(entry.value);
					role.managedPolicyArns.push({ arn: value.startsWith('arn:') ? value : `arn:aws:iam::aws:policy/${value}`, span: span(entry) });
				} else if (entry.type === 'unknown') {
					const arn = staticArn(entry);
					if (arn) role.managedPolicyArns.push({ arn, span: span(entry) });
					else role.unresolved.push({ text: entry.deployTime ?? '', span: span(entry) });
				} else if (entry.type === 'object' && entry.children?.length === 1) {
					const key = entry.children[0].children?.[0];
					if (key) role.unresolved.push({ text: `SAM policy template ${String(key.value)}`, span: span(key) });
				}
			});
			roles.set(r.id, role);
		}
	}
	// Policies that name their roles, and user/group inline policies (checked on their own).
	for (const r of resources) {
		if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy' || r.type === 'AWS::IAM::RolePolicy') {
			const name = document(r.id, 'identity', propertyValueOf(r.properties, 'PolicyDocument'), r.key, annotationOf(r.node));
			if (!name) continue;
			const targets = r.type === 'AWS::IAM::RolePolicy' ? items(propertyValueOf(r.properties, 'RoleName')) : items(propertyValueOf(r.properties, 'Roles'));
			for (const t of targets) {
				const id = t.type === 'string' ? roleByName.get(String(t.value)) : referencedId(t);
				const role = id !== undefined ? roles.get(id) : undefined;
				if (role && !role.policies.includes(name)) role.policies.push(name);
			}
		} else if (r.type === 'AWS::IAM::User' || r.type === 'AWS::IAM::Group') {
			inlinePolicies(r, propertyValueOf(r.properties, 'Policies'));
		}
	}
	// Managed policies and boundaries attached by reference or ARN.
	for (const r of resources) {
		const role = r.type === 'AWS::IAM::Role' ? roles.get(r.id) : undefined;
		if (!role) continue;
		for (const entry of items(propertyValueOf(r.properties, 'ManagedPolicyArns'))) {
			const id = referencedId(entry);
			const local = id !== undefined ? policies.find((p) => p.name === id) : undefined;
			if (local) {
				if (!role.policies.includes(local.name)) role.policies.push(local.name);
				continue;
			}
			const arn = staticArn(entry);
			if (arn) role.managedPolicyArns.push({ arn, span: span(entry) });
			else role.unresolved.push({ text: entry.type === 'unknown' ? entry.deployTime ?? '' : String(entry.value ?? ''), span: span(entry) });
		}
		const boundary = propertyValueOf(r.properties, 'PermissionsBoundary');
		if (boundary) {
			const id = referencedId(boundary);
			const local = id !== undefined ? policies.find((p) => p.name === id) : undefined;
			if (local) {
				role.boundary = local.name;
				// A managed policy used as a boundary grants nothing by itself.
				if (![...roles.values()].some((x) => x.policies.includes(local.name))) local.use = 'boundary';
			}
			else {
				const arn = staticArn(boundary);
				if (arn) role.boundaryArn = { arn, span: span(boundary) };
				else role.unresolved.push({ text: boundary.type === 'unknown' ? boundary.deployTime ?? '' : String(boundary.value ?? ''), span: span(boundary) });
			}
		}
	}
	return { policies, roles: [...roles.values()] };
}
