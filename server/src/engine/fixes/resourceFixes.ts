import { statementLabel } from '../policyModel';
import { addToStringList, statementAt } from './statements';
import type { FixProvider } from './types';

/**
 * resource-type-mismatch: add the resources the actions act on (derived from the statement's own
 * patterns: `arn:aws:s3:::b` beside `arn:aws:s3:::b/*`) to the statement's Resource. Preferred, but
 * never in fix-all: the added resource reaches every action of the statement that acts on its type.
 */
export const addDerivedResources: FixProvider = (ctx) => {
	const statement = statementAt(ctx.analysis.model, ctx.finding.data?.statement);
	const raw = ctx.finding.data?.resources;
	const resources = Array.isArray(raw) ? raw.filter((r): r is string => typeof r === 'string') : [];
	if (!statement?.resource || statement.resource.key !== 'Resource' || resources.length === 0) return [];
	const present = new Set(statement.resource.values.map((v) => v.value.trim()));
	const additions = resources.filter((r) => !present.has(r));
	if (additions.length === 0) return [];
	const edits = addToStringList(ctx.editor, statement.resource.valueNode, additions);
	const actions = Array.isArray(ctx.finding.data?.actions) ? (ctx.finding.data!.actions as string[]) : [];
	const title = `Add ${additions.map((r) => `"${r}"`).join(', ')} to the Resource of ${statementLabel(statement)}${actions.length > 0 ? ` (for ${actions.slice(0, 3).join(', ')}${actions.length > 3 ? ', …' : ''})` : ''}`;
	return edits.length > 0 ? [{ title, edits, isPreferred: true, fixAll: false }] : [];
};
