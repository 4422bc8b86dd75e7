import { ParseError, parseTree } from 'jsonc-parser';
import { detectLayout } from '../edits';
import { MANAGED_POLICY_LIMIT } from '../sizeLimits';

/** Characters of `{"Version":"2012-10-17","Statement":[]}`: the frame every part carries. */
const FRAME = 40;

function size(value: unknown): number {
	// JSON.stringify writes no whitespace outside strings: exactly what AWS counts.
	return JSON.stringify(value).length;
}

/** A statement too big for one policy becomes several with the same Effect, Resource and Condition. */
function splitStatement(statement: Record<string, unknown>, budget: number): Record<string, unknown>[] {
	// A NotAction list cannot be divided: each part would allow what the others exclude.
	const key = Array.isArray(statement.Action) ? 'Action' : undefined;
	if (!key || size(statement) <= budget) return [statement];
	const actions = statement[key] as unknown[];
	const out: Record<string, unknown>[] = [];
	let chunk: unknown[] = [];
	const make = (list: unknown[], n: number) => ({ ...statement, ...(typeof statement.Sid === 'string' ? { Sid: `${statement.Sid}${n}` } : {}), [key]: list });
	for (const a of actions) {
		if (chunk.length > 0 && size(make([...chunk, a], out.length + 1)) > budget) {
			out.push(make(chunk, out.length + 1));
			chunk = [];
		}
		chunk.push(a);
	}
	if (chunk.length > 0) out.push(make(chunk, out.length + 1));
	return out;
}

/**
 * Splits a policy that exceeds AWS's managed-policy size into policies that each fit, keeping the
 * statements' order (statements too large on their own are divided by their Action list). Returns
 * the texts, formatted with the document's indentation, or undefined when the document cannot be
 * split faithfully (syntax errors or comments, which a re-written text would lose).
 */
export function splitPolicy(text: string, limit = MANAGED_POLICY_LIMIT): string[] | undefined {
	const errors: ParseError[] = [];
	parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
	if (errors.length > 0) return undefined;
	let policy: { Version?: unknown; Statement?: unknown };
	try {
		policy = JSON.parse(text);
	} catch {
		return undefined;
	}
	const statements = (Array.isArray(policy.Statement) ? policy.Statement : policy.Statement ? [policy.Statement] : []) as Record<string, unknown>[];
	if (statements.length === 0) return undefined;
	const version = policy.Version ?? '2012-10-17';
	const budget = limit - FRAME;
	const parts: Record<string, unknown>[][] = [];
	let current: Record<string, unknown>[] = [];
	let used = 0;
	for (const statement of statements.flatMap((s) => (typeof s === 'object' && s !== null ? splitStatement(s, budget) : [s]))) {
		const cost = size(statement) + (current.length > 0 ? 1 : 0);
		if (current.length > 0 && used + cost > budget) {
			parts.push(current);
			current = [];
			used = 0;
		}
		current.push(statement);
		used += size(statement) + (current.length > 1 ? 1 : 0);
	}
	if (current.length > 0) parts.push(current);
	if (parts.length < 2) return undefined;
	const layout = detectLayout(text);
	return parts.map((p) => JSON.stringify({ ...policy, Version: version, Statement: p }, null, layout.unit).split('\n').join(layout.eol) + layout.eol);
}
