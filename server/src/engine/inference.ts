import type { RequirementIndex } from './actionIndex';
import { evaluateAction } from './evaluate';
import { globCovers, isMatchAll } from './patterns';
import type { PolicyModel, Statement } from './policyModel';
import type { CompiledRequirementSet } from './requirements';

/**
 * Which scenarios a policy is about, from what it allows. A scenario is a candidate when the
 * policy's Allow statements name at least two of its actions and at least half of them (a
 * one-action scenario only when the policy names nothing else). Then:
 *
 * 1. Rivals keep one of them. Rivals are versions of one source (`supersedes`) or sets with the
 *    same actions (Veeam's appliance trust and the FLR source-instance role both need only
 *    sts:AssumeRole). The winner is the one the policy satisfies; then the one it grants on fewer
 *    wrong resources (fewer partial actions); then the one whose scope the policy's resources fit;
 *    then the newest version (the default); then the larger set. So the DynamoDB page's current
 *    examples win over the seed's, unless a policy is scoped the old way (writes on one table).
 * 2. The rest are chosen greedily, like a set cover: the candidate that explains most of the
 *    still unexplained named actions, weighted by how much of it the policy allows, first; then
 *    the next, while one explains anything new. So a Veeam DynamoDB policy is not also checked
 *    against the 4-action AWS Backup restore it overlaps, an EFS policy not against DynamoDB, a
 *    half-written EC2 policy not against the six network actions of the worker configuration, a
 *    Veeam EC2 + workers policy not against VBR, and a VBR policy without iam:CreateRole is
 *    checked as the helper-appliance variant.
 *
 * Each result carries a reason that says how much of it the policy allows and what it was chosen over.
 */

export interface InferredScenario {
	compiled: CompiledRequirementSet;
	named: number;
	reason: string;
}

const MIN_RECALL = 0.5;
/** How many passed-over scenarios a reason names before it says "and N more". */
const REASON_LIST = 3;

interface Candidate {
	compiled: CompiledRequirementSet;
	named: Set<string>;
	recall: number;
	/** Reason clauses about the candidates this one was chosen over. */
	over: string[];
}

function isIdentityAllow(s: Statement): boolean {
	return s.effect === 'Allow' && s.action?.key === 'Action';
}

/**
 * The required actions (ids) that the policy's Allow statements name, literally or by a partial
 * wildcard, and per set (same order as `index.sets`) how many of its actions that is. One index
 * lookup per named action; no per-set work for the many sets a policy has nothing to do with.
 */
function namedActions(model: PolicyModel, index: RequirementIndex): { ids: Set<number>; counts: Int32Array } {
	const ids = new Set<number>();
	for (const s of model.statements) {
		if (!isIdentityAllow(s)) continue;
		// A bare "*" names nothing in particular: an admin policy is not evidence of a scenario.
		if (s.action!.values.some((v) => isMatchAll(v.value.trim()))) continue;
		for (const id of index.listedBy(s)) ids.add(id);
	}
	const counts = new Int32Array(index.sets.length);
	for (const id of ids) for (const si of index.setsOf[id]) counts[si]++;
	return { ids, counts };
}

/** True when every action the policy's Allow statements name is one of the set's (no wildcard, nothing else). */
function namesOnly(model: PolicyModel, compiled: CompiledRequirementSet): boolean {
	return model.statements.filter(isIdentityAllow).every((s) => s.action!.values.every((v) => compiled.lowerSet.has(v.value.trim().toLowerCase())));
}

/**
 * How the policy fares against one set: is it satisfied, and which share of the actions it allows
 * does it allow on resources within the set's scope (a grant on "*" does not fit a set scoped to
 * veeam_rto_ roles; a grant on one table fits a set scoped to tables)?
 */
function measure(model: PolicyModel, compiled: CompiledRequirementSet, index: RequirementIndex): { satisfied: boolean; partial: number; fit: number } {
	let granted = 0;
	let partial = 0;
	let allowed = 0;
	let fitting = 0;
	compiled.lower.forEach((lower, i) => {
		const verdict = evaluateAction(model.statements, lower, compiled.scopes[i], compiled.wildcardOnly.has(lower), index);
		if (verdict.status === 'granted') granted++;
		if (verdict.status === 'partial') partial++;
		if (verdict.status !== 'granted' && verdict.status !== 'partial') return;
		allowed++;
		const scope = compiled.scopes[i].resources;
		const within = verdict.by.every(
			(s) => s.resource?.key === 'Resource' && s.resource.values.every((v) => scope.some((r) => globCovers(r, v.value.trim()))),
		);
		if (within) fitting++;
	});
	return { satisfied: granted === compiled.lower.length, partial, fit: allowed === 0 ? 0 : fitting / allowed };
}

function sameActions(a: CompiledRequirementSet, b: CompiledRequirementSet): boolean {
	return a.lowerSet.size === b.lowerSet.size && [...a.lowerSet].every((x) => b.lowerSet.has(x));
}

function supersedes(a: CompiledRequirementSet, b: CompiledRequirementSet): boolean {
	return (a.set.supersedes ?? []).includes(b.set.id);
}

function areRivals(a: CompiledRequirementSet, b: CompiledRequirementSet): boolean {
	return supersedes(a, b) || supersedes(b, a) || sameActions(a, b);
}

function namedOf(c: Candidate): string {
	return `${c.compiled.set.id} (${c.named.size} of ${c.compiled.lower.length})`;
}

function listIds(ids: string[]): string {
	if (ids.length <= REASON_LIST) return ids.join(', ');
	return `${ids.slice(0, REASON_LIST).join(', ')} and ${ids.length - REASON_LIST} more`;
}

/** Keeps one candidate of each group of rivals and notes on the winner why it won. */
function resolveRivals(model: PolicyModel, candidates: Candidate[], index: RequirementIndex): Candidate[] {
	const removed = new Set<Candidate>();
	for (const c of candidates) {
		if (removed.has(c)) continue;
		const group = candidates.filter((o) => !removed.has(o) && (o === c || areRivals(o.compiled, c.compiled)));
		if (group.length < 2) continue;
		const measured = new Map(group.map((g) => [g, measure(model, g.compiled, index)]));
		const rank = (x: Candidate, y: Candidate): number => {
			const mx = measured.get(x)!;
			const my = measured.get(y)!;
			if (mx.satisfied !== my.satisfied) return mx.satisfied ? -1 : 1;
			if (mx.partial !== my.partial) return mx.partial - my.partial;
			if (mx.fit !== my.fit) return my.fit - mx.fit;
			if (supersedes(x.compiled, y.compiled)) return -1;
			if (supersedes(y.compiled, x.compiled)) return 1;
			return y.compiled.lower.length - x.compiled.lower.length;
		};
		const [winner, ...losers] = [...group].sort(rank);
		const mw = measured.get(winner)!;
		for (const l of losers) {
			removed.add(l);
			const ml = measured.get(l)!;
			const relation = supersedes(winner.compiled, l.compiled)
				? 'an older version of the same source'
				: supersedes(l.compiled, winner.compiled)
					? 'a newer version of the same source'
					: 'the same actions';
			const why =
				mw.satisfied !== ml.satisfied
					? 'the policy satisfies this one and not that one'
					: mw.partial !== ml.partial
						? 'the policy grants fewer of its actions on only some of the resources it needs'
						: mw.fit !== ml.fit
						? "the policy's resources fit this one's scope"
						: supersedes(winner.compiled, l.compiled)
							? 'the newest version is the default'
							: 'this one is more complete';
			winner.over.push(`chosen over ${l.compiled.set.id} (${relation}) because ${why}`);
		}
	}
	return candidates.filter((c) => !removed.has(c));
}

export function inferScenarios(model: PolicyModel, index: RequirementIndex): InferredScenario[] {
	if (model.kind !== 'identity') return [];
	const found: Candidate[] = [];
	const { ids, counts } = namedActions(model, index);
	for (const [si, compiled] of index.sets.entries()) {
		const count = counts[si];
		if (count === 0) continue;
		const recall = count / compiled.lower.length;
		const enough = count >= 2 ? recall >= MIN_RECALL : recall === 1 && namesOnly(model, compiled);
		if (!enough) continue;
		const named = new Set(compiled.lower.filter((a) => ids.has(index.idOf(a)!)));
		found.push({ compiled, named, recall, over: [] });
	}
	const candidates = resolveRivals(model, found, index);
	const chosen = new Set<Candidate>();
	const explained = new Set<string>();
	for (;;) {
		let best: Candidate | undefined;
		let bestScore = 0;
		for (const c of candidates) {
			if (chosen.has(c)) continue;
			let gain = 0;
			for (const a of c.named) if (!explained.has(a)) gain++;
			const score = gain * c.recall;
			if (score > bestScore || (score > 0 && score === bestScore && c.compiled.lower.length > best!.compiled.lower.length)) [best, bestScore] = [c, score];
		}
		if (!best) break;
		chosen.add(best);
		for (const a of best.named) explained.add(a);
	}
	const kept = candidates.filter((c) => chosen.has(c));
	const dropped = candidates.filter((c) => !chosen.has(c));
	// Name each passed-over scenario in the reason of the kept one that shares most of its named actions.
	const passedOver = new Map<Candidate, Candidate[]>();
	for (const d of dropped) {
		let host: Candidate | undefined;
		let best = -1;
		for (const k of kept) {
			const shared = [...d.named].filter((a) => k.compiled.lowerSet.has(a)).length;
			if (shared > best) [host, best] = [k, shared];
		}
		if (host) passedOver.set(host, [...(passedOver.get(host) ?? []), d]);
	}
	return kept.map((c) => {
		const clauses = [`the policy allows ${c.named.size} of its ${c.compiled.lower.length} required actions`, ...c.over];
		const others = passedOver.get(c);
		if (others) clauses.push(`it covers what the policy shares with ${listIds(others.map(namedOf))}`);
		return { compiled: c.compiled, named: c.named.size, reason: clauses.join('; ') };
	});
}
