import type { Statement } from '../../engine';
import type { RoleReport } from '../roles';
import { FileReport, lineColumn, statementRefs } from './model';

/** The machine-readable report, exactly in the shape PRODUCT.md fixes. */
export function toJsonReport(reports: readonly FileReport[], roles: readonly RoleReport[] = []): unknown {
	return {
		...(roles.length > 0 ? { roles: roles.map(roleJson) } : {}),
		files: [...roles.flatMap((r) => r.reports), ...reports].map((r) => ({
			path: r.path,
			...(r.fixed ? { fixed: r.fixed } : {}),
			...(r.analysis.kind === 'policy' && r.analysis.model ? { policyKind: r.analysis.model.kind } : {}),
			scenarios: r.analysis.scenarios.map((s) => ({
				id: s.compiled.set.id,
				satisfied: s.satisfied,
				...(s.inferred ? { inferred: true, reason: s.reason } : {}),
				actions: s.actions.map((a) => ({ action: a.action, status: a.status, by: statementRefs(r, a.by) })),
				...(s.trust.length > 0
					? { trust: s.trust.map((t) => ({ principal: t.principal, principalType: t.principalType, action: t.action, status: t.status, by: statementRefs(r, t.by) })) }
					: {}),
			})),
			findings: r.analysis.findings.map((f) => {
				const { line, column } = lineColumn(r, f.span.offset);
				return { code: f.code, severity: f.severity, message: f.message, line, column, ...(f.data ? { data: f.data } : {}) };
			}),
		})),
	};
}

/** A role checked as a whole: each action's deciding statements name their file. */
function roleJson(role: RoleReport): unknown {
	const ref = (s: Statement) => {
		const doc = role.analysis.documentOf(s);
		const report = role.reports[doc];
		return { file: role.paths[doc], ...statementRefs(report, [s])[0] };
	};
	return {
		name: role.analysis.name,
		file: role.file,
		policies: role.analysis.documents.filter((d) => d.kind === 'policy').map((d) => d.name),
		trust: role.analysis.documents.find((d) => d.kind === 'trust')?.name,
		satisfied: role.analysis.scenarios.every((s) => s.satisfied),
		scenarios: role.analysis.scenarios.map((s) => ({
			id: s.compiled.set.id,
			satisfied: s.satisfied,
			actions: s.actions.map((a) => ({ action: a.action, status: a.status, by: a.by.map(ref) })),
			...(s.trust.length > 0 ? { trust: s.trust.map((t) => ({ principal: t.principal, principalType: t.principalType, action: t.action, status: t.status })) } : {}),
		})),
	};
}
