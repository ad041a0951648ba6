/**
 * What the validator finds in the draft (the same `src/core` validator as the build and the
 * server), one button per problem naming its place in words; a click asks the editor to go there.
 * Any problem, a missing translation included, blocks publishing.
 */
import type { DefinitionProblem } from '../../../core/survey-validate.js';
import { useT } from '../../hooks.js';
import { describeMessage, describePath } from './survey-words.js';

/** The most problems listed one by one; the rest are counted. */
const LISTED = 100;

/** The problems of a draft. */
export function ProblemsPanel(props: { problems: readonly DefinitionProblem[]; onGo(path: string): void }) {
  const { t } = useT();
  const { problems } = props;
  return (
    // Above the editor, the page's whole width, folded away by a click on its title: the editor and
    // its preview keep the laptop's width, and a phone sees the problems before a long editor.
    <details class="survey-problems" aria-labelledby="survey-problems-title" tabindex={-1} id="survey-problems" open>
      <summary>
        <h2 id="survey-problems-title">
          {problems.length
            ? t('admin.surveys.problemsTitle', { count: problems.length })
            : t('admin.surveys.noProblems')}
        </h2>
      </summary>
      {problems.length > 0 && (
        <>
          <p class="muted">{t('admin.surveys.problemsHelp')}</p>
          <ul>
            {problems.slice(0, LISTED).map((p) => (
              <li key={`${p.path}|${p.message}`}>
                <button type="button" class="link-button problem-link" onClick={() => props.onGo(p.path)}>
                  <strong>{describePath(p.path, t)}</strong>: {describeMessage(p.message, t)}
                </button>
              </li>
            ))}
          </ul>
          {problems.length > LISTED && <p>{t('admin.surveys.moreProblems', { count: problems.length - LISTED })}</p>}
        </>
      )}
    </details>
  );
}
