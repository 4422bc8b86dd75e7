import type { HostNode as Node } from './host/tree';
import { globMatch } from './patterns';

/**
 * Condition operators evaluated against the request context a restore runs in, as the IAM
 * reference defines them. Three-valued: a condition `holds`, `fails`, or stays `open` when it
 * depends on a key the context leaves unknown (then the statement is reported as conditional).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** A key's value in the context: one value, the values of a multivalued key, or `null` for a key the request does not carry. */
export type ContextValue = string | string[] | null;

/** A key whose value is one of several, each possible at restore time (`kms:ViaService` of each restored service). */
export interface ContextAlternatives {
	oneOf: (string | string[])[];
}

/**
 * The request context a restore runs in: key (any case) → value. A key not listed is unknown:
 * conditions on it stay open.
 */
export type RequestContext = Record<string, ContextValue | ContextAlternatives>;

export type Truth = 'holds' | 'fails' | 'open';

/** The context with keys folded to lower case (condition keys are case-insensitive). */
interface FoldedContext {
	get(key: string): ContextValue | undefined;
}

/** AND of three-valued results: any `fails` fails; else any `open` is open. */
function and(results: Iterable<Truth>): Truth {
	let open = false;
	for (const r of results) {
		if (r === 'fails') return 'fails';
		if (r === 'open') open = true;
	}
	return open ? 'open' : 'holds';
}

type Matcher = (requestValue: string, policyValue: string) => boolean | undefined;

const lower = (s: string) => s.toLowerCase();

function parseNumber(s: string): number | undefined {
	if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s)) return undefined;
	return Number(s);
}

/** Dates as ISO 8601 or epoch seconds (reference: "Date condition operators"). */
function parseDate(s: string): number | undefined {
	if (/^\d+$/.test(s)) return Number(s) * 1000;
	const t = Date.parse(s);
	return Number.isNaN(t) ? undefined : t;
}

function numeric(test: (a: number, b: number) => boolean): Matcher {
	return (r, p) => {
		const a = parseNumber(r);
		const b = parseNumber(p);
		return a === undefined || b === undefined ? false : test(a, b);
	};
}

function date(test: (a: number, b: number) => boolean): Matcher {
	return (r, p) => {
		const a = parseDate(r);
		const b = parseDate(p);
		return a === undefined || b === undefined ? false : test(a, b);
	};
}

/** ARNs compare per colon-separated part, each a wildcard pattern; ArnEquals and ArnLike behave alike. */
function arnLike(request: string, pattern: string): boolean {
	const r = splitArn(request);
	const p = splitArn(pattern);
	if (!r || !p) return false;
	return p.every((part, i) => globMatch(part, r[i]));
}

function splitArn(arn: string): string[] | undefined {
	const parts: string[] = [];
	let rest = arn;
	for (let i = 0; i < 5; i++) {
		const colon = rest.indexOf(':');
		if (colon < 0) return undefined;
		parts.push(rest.slice(0, colon));
		rest = rest.slice(colon + 1);
	}
	parts.push(rest);
	return parts[0] === 'arn' || parts[0] === '*' ? parts : undefined;
}

/** IPv4 or IPv6 address → [bits, width]. */
function parseIp(text: string): [bigint, number] | undefined {
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
		const parts = text.split('.').map(Number);
		if (parts.some((n) => n > 255)) return undefined;
		return [parts.reduce((v, n) => (v << 8n) | BigInt(n), 0n), 32];
	}
	if (!text.includes(':') || !/^[0-9a-fA-F:]+$/.test(text)) return undefined;
	const [head, tail, extra] = text.split('::');
	if (extra !== undefined) return undefined;
	const h = head ? head.split(':') : [];
	const t = tail !== undefined && tail ? tail.split(':') : [];
	const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
	if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
	return [groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n), 128];
}

function inCidr(address: string, cidr: string): boolean {
	const [net, bitsText] = cidr.split('/');
	const a = parseIp(address);
	const n = parseIp(net);
	if (!a || !n || a[1] !== n[1]) return false;
	const bits = bitsText === undefined ? n[1] : Number(bitsText);
	if (!Number.isInteger(bits) || bits < 0 || bits > n[1]) return false;
	const shift = BigInt(n[1] - bits);
	return a[0] >> shift === n[0] >> shift;
}

/** Base operators: how one request value compares with one policy value, and whether the operator is negated. */
const OPERATORS: Record<string, { match: Matcher; negated?: boolean; variables?: boolean }> = {
	stringequals: { match: (r, p) => r === p, variables: true },
	stringnotequals: { match: (r, p) => r === p, negated: true, variables: true },
	stringequalsignorecase: { match: (r, p) => lower(r) === lower(p), variables: true },
	stringnotequalsignorecase: { match: (r, p) => lower(r) === lower(p), negated: true, variables: true },
	stringlike: { match: (r, p) => globMatch(p, r), variables: true },
	stringnotlike: { match: (r, p) => globMatch(p, r), negated: true, variables: true },
	numericequals: { match: numeric((a, b) => a === b) },
	numericnotequals: { match: numeric((a, b) => a === b), negated: true },
	numericlessthan: { match: numeric((a, b) => a < b) },
	numericlessthanequals: { match: numeric((a, b) => a <= b) },
	numericgreaterthan: { match: numeric((a, b) => a > b) },
	numericgreaterthanequals: { match: numeric((a, b) => a >= b) },
	dateequals: { match: date((a, b) => a === b) },
	datenotequals: { match: date((a, b) => a === b), negated: true },
	datelessthan: { match: date((a, b) => a < b) },
	datelessthanequals: { match: date((a, b) => a <= b) },
	dategreaterthan: { match: date((a, b) => a > b) },
	dategreaterthanequals: { match: date((a, b) => a >= b) },
	bool: { match: (r, p) => lower(r) === lower(p), variables: true },
	binaryequals: { match: (r, p) => r === p },
	ipaddress: { match: (r, p) => inCidr(r, p) },
	notipaddress: { match: (r, p) => inCidr(r, p), negated: true },
	arnequals: { match: arnLike, variables: true },
	arnlike: { match: arnLike, variables: true },
	arnnotequals: { match: arnLike, negated: true, variables: true },
	arnnotlike: { match: arnLike, negated: true, variables: true },
};

/**
 * Replaces policy variables (`${aws:username}`, `${*}`, `${aws:x, 'default'}`) in a condition value
 * from the context; undefined when one of them is not known.
 */
export function substituteVariables(value: string, context: FoldedContext): string | undefined {
	if (!value.includes('${')) return value;
	let unknown = false;
	const out = value.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
		if (inner === '*' || inner === '?' || inner === '$') return inner;
		const [name, fallback] = inner.split(/,\s*/);
		const v = context.get(name.trim());
		if (typeof v === 'string') return v;
		const quoted = fallback && /^'(.*)'$/.exec(fallback.trim());
		if (v === null && quoted) return quoted[1];
		unknown = true;
		return '';
	});
	return unknown ? undefined : out;
}

/** One operator on one key with its policy values. */
function evaluateEntry(operatorText: string, key: string, policyValues: string[], context: FoldedContext): Truth {
	let op = operatorText.trim();
	let set: 'all' | 'any' | undefined;
	const colon = op.indexOf(':');
	if (colon >= 0) {
		const qualifier = lower(op.slice(0, colon));
		if (qualifier === 'forallvalues') set = 'all';
		else if (qualifier === 'foranyvalue') set = 'any';
		else return 'open';
		op = op.slice(colon + 1);
	}
	let ifExists = false;
	if (lower(op).endsWith('ifexists')) {
		ifExists = true;
		op = op.slice(0, -'ifexists'.length);
	}
	const value = context.get(key);
	if (value === undefined) return 'open';
	if (lower(op) === 'null') {
		// "Null": true when the key is absent; values "true"/"false" (reference: "Condition operator to check existence").
		const absent = value === null || (Array.isArray(value) && value.length === 0);
		const wanted = policyValues.map(lower);
		return wanted.some((w) => (w === 'true') === absent) ? 'holds' : 'fails';
	}
	const operator = OPERATORS[lower(op)];
	if (!operator) return 'open';
	const resolved: string[] = [];
	for (const p of policyValues) {
		const v = operator.variables ? substituteVariables(p, context) : p;
		if (v === undefined) return 'open';
		resolved.push(v);
	}
	const requestValues = value === null ? [] : Array.isArray(value) ? value : [value];
	// One request value against the policy's values: OR over the values; a negated operator holds
	// when none matches.
	const single = (r: string) => {
		const hit = resolved.some((p) => operator.match(r, p) === true);
		return operator.negated ? !hit : hit;
	};
	let result: boolean;
	if (set === 'all') {
		// ForAllValues: true when every request value passes, also when there are none.
		result = requestValues.every(single);
	} else if (set === 'any') {
		// ForAnyValue: true when at least one does; false with none.
		result = requestValues.some(single);
	} else if (requestValues.length === 0) {
		// A key the request lacks: no match, so false, except for the negated operators (true) and …IfExists (true).
		result = ifExists || !!operator.negated;
	} else {
		// A multivalued key under a single-value operator: a positive operator needs one value to
		// match, a negated one that none does.
		result = operator.negated ? requestValues.every(single) : requestValues.some(single);
	}
	return result ? 'holds' : 'fails';
}

function fold(context: Record<string, ContextValue>): FoldedContext {
	const map = new Map<string, ContextValue>();
	for (const [k, v] of Object.entries(context)) map.set(lower(k), v);
	return { get: (key) => map.get(lower(key.trim())) };
}

/** The possible contexts: one per combination of the `oneOf` keys' alternatives (at most 64). */
function expand(context: RequestContext): Record<string, ContextValue>[] {
	let combos: Record<string, ContextValue>[] = [{}];
	for (const [k, v] of Object.entries(context)) {
		const options: ContextValue[] = v !== null && typeof v === 'object' && !Array.isArray(v) ? v.oneOf : [v];
		const next: Record<string, ContextValue>[] = [];
		for (const c of combos) for (const o of options) next.push({ ...c, [k]: o });
		combos = next.length > 64 ? next.slice(0, 64) : next;
	}
	return combos;
}

/** A parsed Condition block: operator → key → values (strings; numbers and booleans as JSON writes them). */
export type ConditionBlock = Record<string, Record<string, string[]>>;

/**
 * Evaluates a Condition block: every operator, and every key under it, must hold (AND); the values
 * of one key are alternatives (OR). With several possible contexts (`oneOf`), the block holds when
 * it holds in each, fails when it fails in each, and is open otherwise.
 */
export function evaluateCondition(block: ConditionBlock, context: RequestContext): Truth {
	const outcomes = new Set<Truth>();
	for (const c of expand(context)) {
		const folded = fold(c);
		const entries: Truth[] = [];
		for (const [operator, keys] of Object.entries(block)) for (const [key, values] of Object.entries(keys)) entries.push(evaluateEntry(operator, key, values, folded));
		outcomes.add(and(entries));
		if (outcomes.has('open')) return 'open';
	}
	if (outcomes.size === 1) return [...outcomes][0];
	return 'open';
}

/** A Condition element's JSON node as a block (non-string scalars as JSON writes them; other shapes make it unreadable). */
export function readConditionBlock(node: Node | undefined): ConditionBlock | undefined {
	if (!node || node.type !== 'object') return undefined;
	const block: ConditionBlock = {};
	for (const op of node.children ?? []) {
		const name = op.children?.[0]?.value;
		const keys = op.children?.[1];
		if (typeof name !== 'string' || !keys || keys.type !== 'object') return undefined;
		const entry: Record<string, string[]> = (block[name] = {});
		for (const k of keys.children ?? []) {
			const key = k.children?.[0]?.value;
			const v = k.children?.[1];
			if (typeof key !== 'string' || !v) return undefined;
			const items = v.type === 'array' ? v.children ?? [] : [v];
			const values: string[] = [];
			for (const item of items) {
				if (item.type !== 'string' && item.type !== 'number' && item.type !== 'boolean') return undefined;
				values.push(String(item.value));
			}
			entry[key] = values;
		}
	}
	return block;
}

const outcomeMemo = new WeakMap<Node, Map<RequestContext, Truth>>();

/** A statement's Condition (its node) in a context, memoized per node and context object. */
export function conditionTruth(node: Node | undefined, context: RequestContext): Truth {
	if (!node) return 'holds';
	let memo = outcomeMemo.get(node);
	if (!memo) outcomeMemo.set(node, (memo = new Map()));
	let t = memo.get(context);
	if (t === undefined) {
		const block = readConditionBlock(node);
		memo.set(context, (t = block ? evaluateCondition(block, context) : 'open'));
	}
	return t;
}
