/**
 * Validator problems at their place, and finding the editor's field of a validator path. Paths
 * are written as `src/core/survey-validate.ts` reports them: `sections[1].questions[2].label.en`.
 */

/** A problem as the validator reports it. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** The problems at `path` or inside it. */
export function problemsUnder(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`));
}

/** The path one level up (`a[1].b` → `a[1]` → `a`), or '' at the top. */
export function parentPath(path: string): string {
  const m = /^(.*?)(?:\.[^.[\]]+|\[\d+\])$/.exec(path);
  return m?.[1] ?? '';
}

/**
 * Groups problems by question (`sections[s].questions[q]`) and by section (`sections[s]`, the
 * section's own fields); the rest go under ''. Keeps the arrays of a group equal in content
 * across calls so memoised rows can compare them cheaply.
 */
export function groupProblems(problems: readonly Problem[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) {
    const m = /^(sections\[\d+\](?:\.questions\[\d+\])?)/.exec(p.path);
    const key = m?.[1] ?? '';
    const list = out.get(key);
    if (list) list.push(p);
    else out.set(key, [p]);
  }
  return out;
}

/** Whether two problem lists say the same. */
export function sameProblems(a: readonly Problem[] | undefined, b: readonly Problem[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => p.path === b[i]?.path && p.message === b[i]?.message);
}

/** The editor's element for a path: the field itself, else its nearest enclosing place. */
export function findField(root: ParentNode, path: string): HTMLElement | undefined {
  for (let p = path; p; p = parentPath(p)) {
    const el = root.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`);
    if (el) return el;
  }
  return undefined;
}
