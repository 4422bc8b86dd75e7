import { deployTimeLabel, findProperty, type HostNode as Node } from './host/tree';
import { hasWildcard, isMatchAll } from './patterns';
import type { Span } from './types';

/**
 * A typed view of a policy document over a host tree (host/tree.ts: jsonc-parser's tree for JSON,
 * the same shape built from YAML or HCL). Every value keeps its node so findings can point at the
 * exact text in the host file. Nothing is decided here beyond shape; IAM meaning lives in
 * evaluate.ts and grammar.ts. Values known only at deploy time (`!Ref`, `var.x`) are kept apart in
 * `deployTime`: never read as `*`, never matched against a name.
 */

export interface StringValue {
	value: string;
	/** The string node including its quotes. */
	node: Node;
}

export interface ValueList {
	/** The property node (`"Action": …`). */
	property: Node;
	key: string;
	/** The value node: a string or an array. */
	valueNode: Node;
	/** String members; members of another type are reported by grammar.ts and skipped here. */
	values: StringValue[];
	/** Members (or the whole value) known only at deploy time: they match nothing for certain. */
	deployTime: Node[];
}

export interface PrincipalEntry {
	/** `*`, `AWS`, `Service`, `Federated`, `CanonicalUser`. */
	type: string;
	value: string;
	node: Node;
	/** The principal is known only at deploy time (`!GetAtt Role.Arn`); `value` is its expression. */
	deployTime?: boolean;
}

export interface Statement {
	index: number;
	node: Node;
	sid?: StringValue;
	effect?: 'Allow' | 'Deny';
	effectNode?: Node;
	/** `Action` or `NotAction` (the first, when both are present; grammar.ts reports the conflict). */
	action?: ValueList;
	resource?: ValueList;
	principal?: { property: Node; key: string; entries: PrincipalEntry[] };
	condition?: Node;
	/** True when `Condition` holds at least one operator. */
	conditional: boolean;
}

export type PolicyKind = 'identity' | 'trust' | 'resource';

export interface PolicyModel {
	root: Node;
	version?: StringValue;
	versionProperty?: Node;
	statementProperty?: Node;
	/** `Statement` given as one object instead of an array. */
	statementIsObject: boolean;
	statements: Statement[];
	kind: PolicyKind;
}

/** The value of a string node (as parse.ts read it: an invalid escape `"\*"` keeps its `*`). */
export function stringValue(node: Node, text: string): string {
	// parse.ts already decoded strings with invalid escapes leniently (`"\*"` → "*").
	if (typeof node.value === 'string') return node.value;
	return text.slice(node.offset + 1, node.offset + node.length - 1);
}

export function propertyKey(property: Node): string {
	return String(property.children?.[0]?.value ?? '');
}

export function propertyValue(property: Node): Node | undefined {
	return property.children?.[1];
}

export function nodeSpan(node: Node): Span {
	return { offset: node.offset, length: node.length };
}

function readValueList(object: Node, keys: readonly string[], text: string): ValueList | undefined {
	for (const key of keys) {
		const property = findProperty(object, key);
		const valueNode = property && propertyValue(property);
		if (!property || !valueNode) continue;
		const values: StringValue[] = [];
		const deployTime: Node[] = [];
		if (valueNode.type === 'string') values.push({ value: stringValue(valueNode, text), node: valueNode });
		else if (valueNode.type === 'unknown') deployTime.push(valueNode);
		else if (valueNode.type === 'array')
			for (const item of valueNode.children ?? [])
				if (item.type === 'string') values.push({ value: stringValue(item, text), node: item });
				else if (item.type === 'unknown') deployTime.push(item);
		return { property, key, valueNode, values, deployTime };
	}
	return undefined;
}

function readPrincipal(object: Node, text: string): Statement['principal'] {
	for (const key of ['Principal', 'NotPrincipal']) {
		const property = findProperty(object, key);
		const valueNode = property && propertyValue(property);
		if (!property || !valueNode) continue;
		const entries: PrincipalEntry[] = [];
		if (valueNode.type === 'string') {
			entries.push({ type: '*', value: stringValue(valueNode, text), node: valueNode });
		} else if (valueNode.type === 'unknown') {
			entries.push({ type: '*', value: deployTimeLabel(valueNode), node: valueNode, deployTime: true });
		} else if (valueNode.type === 'object') {
			for (const p of valueNode.children ?? []) {
				const type = propertyKey(p);
				const v = propertyValue(p);
				if (!v) continue;
				const items = v.type === 'array' ? v.children ?? [] : [v];
				for (const item of items)
					if (item.type === 'string') entries.push({ type, value: stringValue(item, text), node: item });
					else if (item.type === 'unknown') entries.push({ type, value: deployTimeLabel(item), node: item, deployTime: true });
			}
		}
		return { property, key, entries };
	}
	return undefined;
}

function readStatement(node: Node, index: number, text: string): Statement {
	const sidNode = findProperty(node, 'Sid');
	const sidValue = sidNode && propertyValue(sidNode);
	const effectProperty = findProperty(node, 'Effect');
	const effectNode = effectProperty && propertyValue(effectProperty);
	// Effect values are case-sensitive: only "Allow" and "Deny" take effect.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html
	const effect = effectNode?.value === 'Allow' || effectNode?.value === 'Deny' ? (effectNode.value as 'Allow' | 'Deny') : undefined;
	const action = node.type === 'object' ? readValueList(node, ['Action', 'NotAction'], text) : undefined;
	const resource = node.type === 'object' ? readValueList(node, ['Resource', 'NotResource'], text) : undefined;
	const conditionProperty = findProperty(node, 'Condition');
	const condition = conditionProperty && propertyValue(conditionProperty);
	// A plain object literal, never given an accessor: statements keep fast properties (every check reads them).
	return {
		index,
		node,
		sid: sidValue && sidValue.type === 'string' ? { value: stringValue(sidValue, text), node: sidValue } : undefined,
		effect,
		effectNode,
		action,
		resource,
		principal: node.type === 'object' ? readPrincipal(node, text) : undefined,
		condition,
		// A Condition known only at deploy time may hold: the statement is conditional.
		conditional: !!condition && ((condition.type === 'object' && (condition.children?.length ?? 0) > 0) || condition.type === 'unknown'),
	};
}

const TRUST_ACTION = /^sts:(assumerole|assumerolewithsaml|assumerolewithwebidentity|tagsession|setsourceidentity|setcontext|\*)$/i;

function classify(statements: Statement[]): PolicyKind {
	const withPrincipal = statements.filter((s) => s.principal);
	if (withPrincipal.length === 0 || withPrincipal.length * 2 < statements.length) return 'identity';
	const trusts = withPrincipal.some((s) => s.action?.key === 'Action' && s.action.values.some((v) => TRUST_ACTION.test(v.value.trim())));
	return trusts ? 'trust' : 'resource';
}

/**
 * Builds the model, or returns undefined when the document is not an IAM policy: only a JSON
 * object with a top-level `Statement` (or an IAM `Version`) is one. package.json, tsconfig.json
 * and other JSON therefore get no findings at all.
 */
export function buildPolicyModel(root: Node | undefined, text: string, use?: 'identity' | 'trust' | 'boundary'): PolicyModel | undefined {
	if (!root || root.type !== 'object') return undefined;
	const statementProperty = findProperty(root, 'Statement');
	const versionProperty = findProperty(root, 'Version');
	const versionNode = versionProperty && propertyValue(versionProperty);
	const iamVersion = versionNode?.value === '2012-10-17' || versionNode?.value === '2008-10-17';
	// A document the host names as a policy (a template's PolicyDocument) is one, even half-written.
	if (!statementProperty && !iamVersion && !use) return undefined;
	const statementValue = statementProperty && propertyValue(statementProperty);
	const statementNodes =
		statementValue?.type === 'array' ? statementValue.children ?? [] : statementValue?.type === 'object' ? [statementValue] : [];
	const statements = statementNodes.filter((n) => n.type === 'object').map((n, i) => readStatement(n, i, text));
	return {
		root,
		version: versionNode && versionNode.type === 'string' ? { value: stringValue(versionNode, text), node: versionNode } : undefined,
		versionProperty,
		statementProperty,
		statementIsObject: statementValue?.type === 'object',
		statements,
		// Where the host says what the document is (AssumeRolePolicyDocument), its place decides.
		kind: use === 'trust' ? 'trust' : use ? 'identity' : classify(statements),
	};
}

/** Display name of a statement for messages: its Sid, or its position. */
export function statementLabel(statement: Statement): string {
	return statement.sid?.value ? `statement "${statement.sid.value}"` : `statement ${statement.index + 1}`;
}

/** True when the Resource list (not NotResource) allows every resource. */
export function coversEveryResource(statement: Statement): boolean {
	return statement.resource?.key === 'Resource' && statement.resource.values.some((v) => isMatchAll(v.value.trim()));
}

export { hasWildcard, findProperty };
