import type { RequirementIndex } from './actionIndex';
import type { ActionCatalog } from './catalog';
import { evaluateScenario } from './scenarioCheck';
import { globCovers, isMatchAll } from './patterns';
import type { PolicyModel, Statement } from './policyModel';
import type { CompiledRequirementSet } from './requirements';
import rarity from '../catalog/action-rarity.json';

/**
 * Which scenarios a policy is about, from what it allows. Evidence is weighed: an action counts by
 * how rare it is among AWS's own managed policies (catalog/action-rarity.json), so the Describe and
 * List calls every read-only policy holds say little and dynamodb:RestoreTableFromBackup says a lot.
 *
 * A scenario is checked (`part` unset) when the policy names at least MIN_EVIDENCE of its weight,
 * at least two of its distinctive actions, in more than MIN_SERVICES of the services those come
 * from (an SSM-only instance policy is not a Veeam worker role), and when it explains at least
 * MIN_FOCUS of what the policy allows (or, checked with others, they explain nearly all of it and
 * it adds its share): a policy written for something else (ReadOnlyAccess, the AWS Load Balancer
 * Controller, a job-function policy, another vendor's backup role) is left alone. A scenario with
 * fewer than two distinctive actions (Veeam's worker configuration: six EC2 describes; the
 * sts:AssumeRole-only roles) is checked only when the policy names all of them and nothing else.
 * A policy wholly inside one scenario that names one of its restore actions is checked on less
 * evidence (an older, shorter version of a published restore policy is still that role); a
 * scenario whose named actions a larger chosen one also requires is passed over. A scenario with weaker evidence
 * (MIN_PART_EVIDENCE and two distinctive actions) is reported as "may be one part of a role", an
 * information finding, never an error: half a role is not a failed role.
 *
 * Among the candidates:
 * 1. Rivals keep one of them. Rivals are versions of one source (`supersedes`) or sets with the
 *    same actions (Veeam's appliance trust and the FLR source-instance role both need only
 *    sts:AssumeRole). The winner is the one the policy satisfies; then the one it grants on fewer
 *    wrong resources (fewer partial actions); then the one whose scope the policy's resources fit;
 *    then the newest version (the default); then the larger set. So the DynamoDB page's current
 *    examples win over the seed's, unless a policy is scoped the old way (writes on one table).
 * 2. The rest are chosen greedily, like a set cover: the candidate that explains most of the
 *    still unexplained weight, scaled by how much of it the policy allows, first; then the next,
 *    while one explains anything new. So a Veeam DynamoDB policy is not also checked against the
 *    4-action AWS Backup restore it overlaps, an EFS policy not against DynamoDB, a Veeam EC2 +
 *    workers policy not against VBR, and a VBR policy without iam:CreateRole is checked as the
 *    helper-appliance variant.
 *
 * Each result carries a reason that says how much of it the policy allows and what it was chosen over.
 */

export interface InferredScenario {
	compiled: CompiledRequirementSet;
	named: number;
	reason: string;
	/** Evidence too weak to judge the policy by: it may be one part of a role for this scenario (information only). */
	part?: boolean;
	/** Inferred from common actions alone (the set has fewer than two distinctive ones; the policy names exactly them). */
	commonOnly?: boolean;
}

/** Share of a scenario's weight the policy must name for the scenario to be checked. */
const MIN_EVIDENCE = 0.6;
/** Share for "may be one part of a role". */
const MIN_PART_EVIDENCE = 0.25;
/** Share of the policy's Allow entries a checked scenario must explain (else the policy is about something else)… */
const MIN_FOCUS = 0.55;
/** …unless the scenarios checked together explain nearly all of them (one policy for several restores). */
const MIN_JOINT_FOCUS = 0.8;
/** Share of the services of a scenario's distinctive actions the policy must exceed: an SSM-only policy is not a worker role. */
const MIN_SERVICES = 0.6;
/**
 * A policy wholly about one scenario (it allows nothing else) that performs restores (names one of
 * its restore actions) is checked on less evidence: an older, shorter version of a published
 * restore policy is still that restore role (AWSBackupServiceRolePolicyForRestores v1 holds 29 of
 * the current 134 actions). An SSM-only instance policy, wholly inside a Veeam worker role, restores nothing.
 */
const WHOLE_FOCUS = 0.9;
const WHOLE_MIN_DISTINCTIVE = 10;
/**
 * …or fewer distinctive actions when they come from most of the services the scenario's distinctive
 * actions come from: VeeamHub's repository policy names 4 (IAM's policy simulator, KMS, S3
 * restores) of Veeam's repository role; an S3-only archive-restore app policy is not that role.
 */
const WHOLE_MIN_DISTINCTIVE_ACROSS_SERVICES = 4;
const WHOLE_MIN_EVIDENCE = 0.2;
const RESTORE_ACTION = /restore|frombackup|fromsnapshot|fromrecoverypoint/;

/** A scenario checked beside others must explain at least this share of the policy that the others do not. */
const MIN_OWN_FOCUS = 0.1;
/** Weight from which an action counts as distinctive (granted by at most ~40 of AWS's ~1,600 managed policies). */
const DISTINCTIVE = 0.5;
/** How many "may be one part" scenarios one policy is told about. */
const MAX_PARTS = 3;
/** How many passed-over scenarios a reason names before it says "and N more". */
const REASON_LIST = 3;

interface Candidate {
	compiled: CompiledRequirementSet;
	/** Its index into `index.sets`. */
	si: number;
	/** The named actions' ids (into the index), each once, in the set's order. */
	namedIds: number[];
	/** Share of the scenario's weight that the policy names. */
	recall: number;
	strong: boolean;
	/** Evidence is common actions alone (the set has fewer than two distinctive ones). */
	commonOnly: boolean;
	/** Reason clauses about the candidates this one was chosen over. */
	over: string[];
}

function isIdentityAllow(s: Statement): boolean {
	return s.effect === 'Allow' && s.action?.key === 'Action';
}

const counts = rarity.counts as Record<string, number>;
const LOG_POLICIES = Math.log(rarity.policies);

/**
 * How much naming an action says about what a policy is for: 1 when no AWS managed policy grants
 * it, near 0 when every one does. Actions outside the table (user requirement sets) are judged by
 * their verb: reads are common, anything else is taken as distinctive.
 */
export function actionWeight(lower: string): number {
	const n = counts[lower];
	if (n === undefined) {
		const name = lower.slice(lower.indexOf(':') + 1);
		return name.startsWith('describe') || name.startsWith('list') || name.startsWith('get') ? 0.25 : 1;
	}
	return Math.max(0, Math.log(rarity.policies / (1 + n)) / LOG_POLICIES);
}

/** What inference needs of each requirement set, worked out once per index (not per keystroke). */
interface SetProfile {
	/** Action ids (into the index), in the set's order. */
	ids: Int32Array;
	/** Each action's weight, same order. */
	weights: Float64Array;
	/** Each action's service index into `serviceNames`, same order. */
	services: Int32Array;
	total: number;
	/** Distinctive actions, and the number of distinct services among them. */
	distinctive: number;
	distinctiveServices: number;
	/** Whether each action's name (after the service) reads like a restore. */
	restores: Uint8Array;
	/** Whether each position is the first of its action in the set (a user's set may list one twice). */
	first: Uint8Array;
}

interface IndexProfile {
	weights: Float64Array;
	sets: SetProfile[];
	/** Per action id: where the sets require it, as pairs (set index, position in the set). */
	occurrences: Int32Array[];
	/**
	 * Flags per action id for one inference at a time (named; explained by a chosen scenario), zeroed
	 * after each: allocating two typed arrays of ~1,600 bytes per keystroke cost more than the rest
	 * of inference on a small policy.
	 */
	named: Uint8Array;
	explained: Uint8Array;
}

const profileCache = new WeakMap<RequirementIndex, IndexProfile>();
function profileOf(index: RequirementIndex): IndexProfile {
	let p = profileCache.get(index);
	if (p) return p;
	// Plain loops: this runs once, on the first check after the server starts, in V8's interpreter,
	// where TypedArray.from with a mapping function over ~5,000 actions took ~30 ms.
	const weights = new Float64Array(index.actions.length);
	for (let id = 0; id < weights.length; id++) weights[id] = actionWeight(index.actions[id]);
	const serviceIds = new Map<string, number>();
	const occurrences: number[][] = index.actions.map(() => []);
	const sets = index.sets.map((compiled, si): SetProfile => {
		const n = compiled.lower.length;
		const ids = new Int32Array(n);
		const w = new Float64Array(n);
		const services = new Int32Array(n);
		const restores = new Uint8Array(n);
		const first = new Uint8Array(n);
		const seen = new Set<number>();
		let total = 0;
		let distinctive = 0;
		const distinctiveServices = new Set<number>();
		for (let k = 0; k < n; k++) {
			const a = compiled.lower[k];
			const colon = a.indexOf(':');
			const id = index.idOf(a)!;
			ids[k] = id;
			if (!seen.has(id)) first[k] = 1;
			seen.add(id);
			w[k] = weights[id];
			occurrences[id].push(si, k);
			const name = a.slice(0, colon);
			let service = serviceIds.get(name);
			if (service === undefined) serviceIds.set(name, (service = serviceIds.size));
			services[k] = service;
			restores[k] = RESTORE_ACTION.test(a.slice(colon + 1)) ? 1 : 0;
			total += w[k];
			if (w[k] < DISTINCTIVE) continue;
			distinctive++;
			distinctiveServices.add(service);
		}
		return { ids, weights: w, services, total, distinctive, distinctiveServices: distinctiveServices.size, restores, first };
	});
	profileCache.set(index, (p = { weights, sets, occurrences: occurrences.map((x) => Int32Array.from(x)), named: new Uint8Array(weights.length), explained: new Uint8Array(weights.length) }));
	return p;
}

/**
 * The required actions (ids) that the policy's Allow statements name, literally or by a partial
 * wildcard, and the policy's Allow entries (action strings) with the ids each names. One
 * index lookup per named action; no per-set work for the many sets a policy has nothing to do with.
 * `ids`: one mark per required action, zero on entry (a bitmap: the sets' loops below test thousands of ids).
 */
function namedActions(model: PolicyModel, index: RequirementIndex, ids: Uint8Array, catalog: ActionCatalog | undefined): { named: number[]; touched: number[]; entries: Entries } {
	// The sets the named actions are in, in the order first touched (a flag per set: a few dozen).
	const touched: number[] = [];
	const isTouched: boolean[] = new Array(index.sets.length).fill(false);
	const named: number[] = [];
	// Entries naming no required action only count (a generated list of 80,000 names stays cheap).
	const lists: (readonly number[])[] = [];
	let others = 0;
	for (const s of model.statements) {
		if (!isIdentityAllow(s)) continue;
		// A bare "*" names nothing in particular: an admin policy is not evidence of a scenario.
		if (s.action!.values.some((v) => v.value.includes('*') && isMatchAll(v.value.trim()))) continue;
		for (const v of s.action!.values) {
			const listed = index.listedByValue(v.value);
			if (listed.length === 0) {
				others++;
				continue;
			}
			lists.push(listed);
			const mark = v.value.includes('*') && isVerbWildcard(v.value, catalog) ? NAMED_IN_PASSING : NAMED;
			for (const id of listed) {
				if (ids[id] >= mark) continue;
				if (!ids[id]) {
					named.push(id);
					for (const si of index.setsOf[id])
						if (!isTouched[si]) {
							isTouched[si] = true;
							touched.push(si);
						}
				}
				ids[id] = mark;
			}
		}
	}
	return { named, touched, entries: { lists, total: lists.length + others } };
}


/** Marks of `namedActions`: named by a broad wildcard only, or by name (or a narrow wildcard). */
const NAMED_IN_PASSING = 1;
const NAMED = 2;
/** A wildcard covering more actions than this (a handful) names a family of actions, not one. */
const NARROW_WILDCARD = 5;

/**
 * `s3:Get*`, `ec2:Describe*`, `s3:PutObject*`: a wildcard over a verb (or a verb and a noun) of a
 * service that covers more than a handful of actions in the catalog. Such a wildcard says the
 * policy reads (or writes) that part of the service, not what for: the rare actions it happens to
 * cover (s3:GetObjectLegalHold in AmazonMacieServiceRole's `s3:Get*`, s3:PutObjectVersionAcl in
 * the `s3:PutObject*` of Rubrik's Cloud Cluster bucket policy) are not distinctive evidence of a
 * restore role. They still count towards how much of a scenario the policy names. A narrow
 * wildcard (`dynamodb:RestoreTable*`) and a whole service (`backup:*`, the administrator's) do
 * count. Without a catalog the breadth is unknown and the wildcard counts as naming them.
 */
function isVerbWildcard(value: string, catalog: ActionCatalog | undefined): boolean {
	const v = value.trim();
	if (!catalog || !/^[a-z0-9-]+:[a-z]+\*$/i.test(v)) return false;
	return catalog.expand(v).length > NARROW_WILDCARD;
}

/** Share of the policy's Allow entries that name an action of one of the sets (candidates, or indices into `index.sets`). */
function focusOf(entries: Entries, sets: readonly (Candidate | number)[], index: RequirementIndex): number {
	if (entries.total === 0) return 0;
	const setIndex = (c: Candidate | number) => (typeof c === 'number' ? c : c.si);
	if (sets.length === 1) return explainedBy(entries, index)[setIndex(sets[0])] / entries.total;
	const members = sets.map((c) => memberships(index)[setIndex(c)]);
	let explained = 0;
	for (const ids of entries.lists) if (ids.some((id) => members.some((m) => m[id] === 1))) explained++;
	return explained / entries.total;
}

/** The policy's Allow entries: the required actions each names (entries naming one share the index's list), and how many entries there are in all (those naming none too). */
interface Entries {
	lists: (readonly number[])[];
	total: number;
	/** Per set (index into `index.sets`): how many entries name one of its actions; made on first need. */
	explained?: number[];
}

/**
 * How many entries each set explains, in one pass over the entries: inference asks it of every
 * set the policy touches (a 100 KB policy touches dozens), and a pass per set cost more than
 * the rest of inference.
 */
function explainedBy(entries: Entries, index: RequirementIndex): number[] {
	if (entries.explained) return entries.explained;
	// Plain arrays: a typed array's allocation costs more than these few dozen numbers.
	const explained: number[] = new Array(index.sets.length).fill(0);
	const marked: number[] = new Array(index.sets.length).fill(-1);
	const lists = entries.lists;
	for (let entry = 0; entry < lists.length; entry++)
		for (const id of lists[entry])
			for (const si of index.setsOf[id])
				if (marked[si] !== entry) {
					marked[si] = entry;
					explained[si]++;
				}
	return (entries.explained = explained);
}

/** Per set: a flag per action id of the index, set when the set requires it (once per index). */
const membershipCache = new WeakMap<RequirementIndex, Uint8Array[]>();
function memberships(index: RequirementIndex): Uint8Array[] {
	let m = membershipCache.get(index);
	if (!m) {
		m = index.sets.map(() => new Uint8Array(index.actions.length));
		index.setsOf.forEach((sets, id) => {
			for (const si of sets) m![si][id] = 1;
		});
		membershipCache.set(index, m);
	}
	return m;
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
function measure(model: PolicyModel, compiled: CompiledRequirementSet, index: RequirementIndex, catalog: ActionCatalog | undefined): { satisfied: boolean; partial: number; fit: number } {
	let granted = 0;
	let partial = 0;
	let allowed = 0;
	let fitting = 0;
	// The same evaluation as the scenario's findings (resource types, the set's request context), and
	// the same results: the scenario chosen is not evaluated again.
	evaluateScenario(model.statements, compiled, index, { catalog }).forEach((verdict, i) => {
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
	return `${c.compiled.set.id} (${c.namedIds.length} of ${c.compiled.lower.length})`;
}

function listIds(ids: string[]): string {
	if (ids.length <= REASON_LIST) return ids.join(', ');
	return `${ids.slice(0, REASON_LIST).join(', ')} and ${ids.length - REASON_LIST} more`;
}

/** Keeps one candidate of each group of rivals and notes on the winner why it won. */
function resolveRivals(model: PolicyModel, candidates: Candidate[], index: RequirementIndex, catalog: ActionCatalog | undefined): Candidate[] {
	const removed = new Set<Candidate>();
	for (const c of candidates) {
		if (removed.has(c)) continue;
		const group = candidates.filter((o) => !removed.has(o) && (o === c || areRivals(o.compiled, c.compiled)));
		if (group.length < 2) continue;
		// Evaluating the policy against each rival costs a full scenario check: only worth it when
		// one of them may be checked; rivals that can only be "one part of a role" are ranked without it.
		const unmeasured = { satisfied: false, partial: 0, fit: 0 };
		const evaluate = group.some((g) => g.strong);
		const measured = new Map(group.map((g) => [g, evaluate ? measure(model, g.compiled, index, catalog) : unmeasured]));
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
			// Versions of one source (or the same actions) are one piece of evidence: the winner keeps the strongest.
			if (l.strong) winner.strong = true;
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

/** Greedy set cover over the candidates: the one that explains most still-unexplained weight (scaled by its evidence) first. */
function cover(candidates: readonly Candidate[], explained: Uint8Array, weights: Float64Array, limit = Infinity): Candidate[] {
	const chosen: Candidate[] = [];
	while (chosen.length < limit) {
		let best: Candidate | undefined;
		let bestScore = 0;
		for (const c of candidates) {
			if (chosen.includes(c)) continue;
			let gain = 0;
			for (const id of c.namedIds) if (!explained[id]) gain += weights[id];
			const score = gain * c.recall;
			if (score > bestScore || (score > 0 && score === bestScore && c.compiled.lower.length > best!.compiled.lower.length)) [best, bestScore] = [c, score];
		}
		if (!best) break;
		chosen.push(best);
		for (const id of best.namedIds) explained[id] = 1;
	}
	return chosen;
}

/** What the policy names of one set: positions (ascending), their weight, and the distinctive ones' count and services. */
interface SetEvidence {
	positions: number[];
	namedWeight: number;
	distinctiveNamed: number;
	restoreNamed: boolean;
	/** The services of the distinctive actions named, each once (a handful: a list, not a Set). */
	servicesNamed: number[];
}

/**
 * The evidence for every set the policy touches, from the actions it names (each visits the sets
 * that require it), not from every action of every touched set: Veeam's full list alone has 450.
 */
function evidenceOf(profile: IndexProfile, ids: Uint8Array, named: readonly number[]): (SetEvidence | undefined)[] {
	// Per set index (a few dozen sets): an array, not a Map, as it is read once per named action and set.
	const bySet: (SetEvidence | undefined)[] = new Array(profile.sets.length);
	for (const id of named) {
		const at = profile.occurrences[id];
		for (let j = 0; j < at.length; j += 2) {
			const si = at[j];
			const k = at[j + 1];
			let e = bySet[si];
			if (!e) bySet[si] = e = { positions: [], namedWeight: 0, distinctiveNamed: 0, restoreNamed: false, servicesNamed: [] };
			const p = profile.sets[si];
			e.positions.push(k);
			const w = p.weights[k];
			if (p.restores[k]) e.restoreNamed = true;
			if (w < DISTINCTIVE || ids[id] !== NAMED) continue;
			e.distinctiveNamed++;
			if (!e.servicesNamed.includes(p.services[k])) e.servicesNamed.push(p.services[k]);
		}
	}
	// In the set's order, as a scan of the set would list them (named sets and reasons follow it),
	// and the weight summed in that order (the same floating-point sum as before, to the last bit).
	for (let si = 0; si < bySet.length; si++) {
		const e = bySet[si];
		if (!e) continue;
		sortAscending(e.positions);
		const weights = profile.sets[si].weights;
		for (const k of e.positions) e.namedWeight += weights[k];
	}
	return bySet;
}

/**
 * Sorts a list of positions in place. The lists are short and nearly in order (a policy lists a
 * set's actions mostly in the set's order): insertion sort, without the comparator calls and
 * scratch arrays of Array.prototype.sort; a long list out of order goes to a typed array's sort.
 */
function sortAscending(list: number[]): void {
	if (list.length > 64) {
		let inOrder = true;
		for (let i = 1; i < list.length && inOrder; i++) inOrder = list[i - 1] <= list[i];
		if (!inOrder) Int32Array.from(list).sort().forEach((k, i) => (list[i] = k));
		return;
	}
	for (let i = 1; i < list.length; i++) {
		const k = list[i];
		let j = i - 1;
		while (j >= 0 && list[j] > k) {
			list[j + 1] = list[j];
			j--;
		}
		list[j + 1] = k;
	}
}

/**
 * `catalog`: the evaluation's catalog (resource types), so that rivals are measured exactly as
 * their findings will judge them.
 */
export function inferScenarios(model: PolicyModel, index: RequirementIndex, catalog?: ActionCatalog): InferredScenario[] {
	if (model.kind !== 'identity') return [];
	const profile = profileOf(index);
	try {
		return inferWith(model, index, catalog, profile, profile.named, profile.explained);
	} finally {
		profile.named.fill(0);
		profile.explained.fill(0);
	}
}

/** Inference with the profile's flags (`ids`: the mark per named action; `explained`), zero on entry. */
function inferWith(model: PolicyModel, index: RequirementIndex, catalog: ActionCatalog | undefined, profile: IndexProfile, ids: Uint8Array, explained: Uint8Array): InferredScenario[] {
	const found: Candidate[] = [];
	const { named, touched, entries } = namedActions(model, index, ids, catalog);
	const evidence = evidenceOf(profile, ids, named);
	for (const si of touched) {
		const compiled = index.sets[si];
		const p = profile.sets[si];
		const { positions, namedWeight, distinctiveNamed, restoreNamed, servicesNamed } = evidence[si]!;
		const { total, distinctive } = p;
		const recall = total === 0 ? 0 : namedWeight / total;
		const namedIds: number[] = [];
		for (const k of positions) if (p.first[k]) namedIds.push(p.ids[k]);
		let strong: boolean;
		if (distinctive < 2) {
			// Only common actions: evidence only when the policy is exactly (a subset naming all of) this set.
			if (positions.length !== compiled.lower.length || namedIds.length !== compiled.lower.length || !namesOnly(model, compiled)) continue;
			strong = true;
		} else {
			if (distinctiveNamed < Math.min(2, distinctive)) continue;
			const whole =
				recall >= WHOLE_MIN_EVIDENCE &&
				(distinctiveNamed >= WHOLE_MIN_DISTINCTIVE || (distinctiveNamed >= WHOLE_MIN_DISTINCTIVE_ACROSS_SERVICES && servicesNamed.length > MIN_SERVICES * p.distinctiveServices)) &&
				restoreNamed &&
				focusOf(entries, [si], index) >= WHOLE_FOCUS;
			if (recall < MIN_PART_EVIDENCE && !whole) continue;
			strong = (recall >= MIN_EVIDENCE && servicesNamed.length > MIN_SERVICES * p.distinctiveServices) || whole;
		}
		found.push({ compiled, si, namedIds, recall, strong, commonOnly: distinctive < 2, over: [] });
	}
	const candidates = resolveRivals(model, found, index, catalog);
	let chosen = cover(candidates.filter((c) => c.strong), explained, profile.weights);
	// A scenario whose named actions another chosen one also requires (and names more of) adds nothing.
	const member = memberships(index);
	chosen = chosen.filter((c) => !chosen.some((d) => d !== c && d.namedIds.length > c.namedIds.length && c.namedIds.every((id) => member[d.si][id] === 1)));
	explained.fill(0);
	for (const c of chosen) for (const id of c.namedIds) explained[id] = 1;
	let demoted: Candidate[] = [];
	if (chosen.length > 0) {
		// The policy allows much else besides: a scenario that does not explain most of it is at most part of a role.
		if (focusOf(entries, chosen, index) >= MIN_JOINT_FOCUS) {
			// In chosen order: each must explain a share of the policy that the ones before it do not.
			demoted = chosen.filter((_c, i) => i > 0 && focusOf(entries, chosen.slice(0, i + 1), index) - focusOf(entries, chosen.slice(0, i), index) < MIN_OWN_FOCUS);
		} else demoted = chosen.filter((c) => focusOf(entries, [c], index) < MIN_FOCUS);
		chosen = chosen.filter((c) => !demoted.includes(c));
		explained.fill(0);
		for (const c of chosen) for (const id of c.namedIds) explained[id] = 1;
	}
	const parts = cover(candidates.filter((c) => !chosen.includes(c) && (!c.strong || demoted.includes(c))), explained, profile.weights, MAX_PARTS);
	const partsShown = parts.length > 0 && focusOf(entries, [...chosen, ...parts], index) >= MIN_FOCUS ? parts : [];
	const kept = [...chosen, ...partsShown];
	const dropped = candidates.filter((c) => c.strong && !kept.includes(c) && !demoted.includes(c));
	// Name each passed-over scenario in the reason of the kept one that shares most of its named actions.
	const passedOver = new Map<Candidate, Candidate[]>();
	for (const d of dropped) {
		let host: Candidate | undefined;
		let best = -1;
		for (const k of chosen) {
			let shared = 0;
			for (const id of d.namedIds) shared += member[k.si][id];
			if (shared > best) [host, best] = [k, shared];
		}
		if (host) passedOver.set(host, [...(passedOver.get(host) ?? []), d]);
	}
	return kept.map((c) => {
		const clauses = [`the policy allows ${c.namedIds.length} of its ${c.compiled.lower.length} required actions`, ...c.over];
		const others = passedOver.get(c);
		if (others) clauses.push(`it covers what the policy shares with ${listIds(others.map(namedOf))}`);
		return { compiled: c.compiled, named: c.namedIds.length, reason: clauses.join('; '), ...(chosen.includes(c) ? {} : { part: true }), ...(c.commonOnly ? { commonOnly: true } : {}) };
	});
}
