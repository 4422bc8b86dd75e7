import type { NodeType } from 'jsonc-parser';

/**
 * The one tree every host syntax builds (as cfn-lint's `dict_node`/`list_node`/
 * `str_node`): objects, arrays, properties and scalars that each know their range in the host
 * file, plus `unknown` for values known only at deploy time (`!Ref`, `Fn::Sub`, `var.x`,
 * `${…}`). It is a structural superset of jsonc-parser's `Node`, so a JSON file's parse tree is
 * used as it is; YAML and HCL builders make the same shape.
 *
 * Conventions every builder keeps:
 * - `object` children are `property` nodes; a property's children are `[key, value]` (the key a
 *   `string` node whose `value` is the key's text as the policy grammar spells it).
 * - `array` children are the items; `string` nodes carry the decoded `value` (always set).
 * - `offset`/`length` cover the value's own text (for a string: with its quotes, if any), so a
 *   finding on it underlines exactly what the user wrote and an edit replaces exactly that.
 * - `unknown` nodes carry `deployTime`, the expression as written, for messages.
 */
export type HostNodeType = NodeType | 'unknown';

export interface HostNode {
	readonly type: HostNodeType;
	readonly value?: any; // jsonc-parser's Node declares `any` too
	readonly offset: number;
	readonly length: number;
	readonly colonOffset?: number;
	readonly parent?: HostNode;
	readonly children?: HostNode[];
	/** `unknown` only: the deploy-time expression as written (`!GetAtt Table.Arn`, `var.bucket_arn`). */
	readonly deployTime?: string;
}

/** The host syntaxes. A new one adds its id here and a `HostSyntax` (host/syntax.ts). */
export type HostSyntaxId = 'json' | 'yaml' | 'hcl';

/** True for a value known only at deploy time. */
export function isDeployTime(node: HostNode | undefined): boolean {
	return node?.type === 'unknown';
}

/** How a deploy-time value reads in a message: `!GetAtt Table.Arn` (shortened when long). */
export function deployTimeLabel(node: HostNode): string {
	const text = (node.deployTime ?? 'a deploy-time value').replace(/\s+/g, ' ');
	return text.length > 60 ? text.slice(0, 57) + '…' : text;
}

/** The last property with this exact key (JSON.parse semantics for duplicate keys). */
export function findProperty(object: HostNode | undefined, key: string): HostNode | undefined {
	if (!object || object.type !== 'object' || !object.children) return undefined;
	let found: HostNode | undefined;
	for (const p of object.children) {
		const k = p.children?.[0];
		if (k && k.value === key && p.children?.[1]) found = p;
	}
	return found;
}

/** The value of a property of an object, by key. */
export function propertyValueOf(object: HostNode | undefined, key: string): HostNode | undefined {
	return findProperty(object, key)?.children?.[1];
}

/** A plain JavaScript value of a node (deploy-time values become their expression text). */
export function plainValue(node: HostNode | undefined): unknown {
	if (!node) return undefined;
	switch (node.type) {
		case 'object': {
			const out: Record<string, unknown> = {};
			for (const p of node.children ?? []) {
				const k = p.children?.[0];
				if (k) out[String(k.value)] = plainValue(p.children?.[1]);
			}
			return out;
		}
		case 'array':
			return (node.children ?? []).map(plainValue);
		case 'unknown':
			return node.deployTime ?? '';
		default:
			return node.value;
	}
}

/** Every node of a tree, parents before children, iteratively (safe at any depth). */
export function* walk(root: HostNode): Generator<HostNode> {
	const stack: HostNode[] = [root];
	while (stack.length > 0) {
		const node = stack.pop()!;
		yield node;
		const children = node.children;
		if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
	}
}
