import { FileReport, lineColumn, statementRefs } from './model';

/** The machine-readable report, exactly in the shape PRODUCT.md fixes. */
export function toJsonReport(reports: readonly FileReport[]): unknown {
	return {
		files: reports.map((r) => ({
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
