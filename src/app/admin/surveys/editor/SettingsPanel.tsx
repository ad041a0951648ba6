/** The survey's own settings: id, title, description, time, rating labels, dimensions, lists, privacy. */
import { memo } from 'preact/compat';
import { RATING_LEVELS, type SurveyDefinition } from '../../../../core/survey.js';
import { useT } from '../../../hooks.js';
import { DimensionsEditor } from './DimensionsEditor.js';
import { EMPTY_TEXT, optionalText, withKey } from './edit-ops.js';
import { NumberField, ProblemList } from './fields.js';
import { ListsEditor } from './ListsEditor.js';
import { LocalizedField } from './LocalizedField.js';
import { PrivacyEditor } from './PrivacyEditor.js';
import type { Problem } from './problems.js';

interface Props {
  survey: SurveyDefinition;
  published: boolean;
  problems: readonly Problem[];
  current(): SurveyDefinition;
  onEdit(fn: (survey: SurveyDefinition) => SurveyDefinition, coalesce?: string): void;
}

function SettingsPanelView({ survey, published, problems, current, onEdit }: Props) {
  const { t } = useT();
  const labels = survey.ratingLabels;
  return (
    <section class="builder-settings" aria-labelledby="builder-settings-title">
      <h2 id="builder-settings-title">{t('admin.builder.settings')}</h2>
      <div class="builder-row">
        <div class="builder-small">
          <label for="builder-survey-id">{t('admin.builder.surveyId')}</label>
          <input
            id="builder-survey-id"
            data-path="id"
            value={survey.id}
            readOnly={published}
            aria-describedby="builder-survey-id-note"
            onChange={(e) => onEdit((x) => ({ ...x, id: e.currentTarget.value.trim() }))}
          />
          <span id="builder-survey-id-note" class="muted builder-note">
            {published ? t('admin.builder.surveyIdFixed') : t('admin.builder.surveyIdHint')}
          </span>
        </div>
        <NumberField
          path="estimatedMinutes"
          label={t('admin.builder.minutes')}
          value={survey.estimatedMinutes}
          min={1}
          onChange={(n) => onEdit((x) => withKey(x, 'estimatedMinutes', n))}
        />
      </div>
      <LocalizedField
        path="title"
        label={t('admin.builder.title')}
        value={survey.title}
        problems={problems}
        onChange={(title) => onEdit((x) => ({ ...x, title }), 'title')}
      />
      <LocalizedField
        path="description"
        label={t('admin.builder.description')}
        value={survey.description}
        optional
        multiline
        problems={problems}
        onChange={(d) => onEdit((x) => withKey(x, 'description', optionalText(d)), 'description')}
      />
      <fieldset class="builder-rating-labels" data-path="ratingLabels">
        <legend>{t('admin.builder.ratingLabels')}</legend>
        {!labels && <p class="muted">{t('admin.builder.ratingLabelsDefault')}</p>}
        {RATING_LEVELS.map((level, i) => (
          <LocalizedField
            key={level}
            path={`ratingLabels[${i}]`}
            label={t('admin.builder.level', { n: level })}
            value={labels?.[i]}
            optional={!labels}
            problems={problems}
            onChange={(text) =>
              onEdit((x) => {
                const list = RATING_LEVELS.map((_, j) => x.ratingLabels?.[j] ?? EMPTY_TEXT);
                list[i] = text;
                const empty = list.every((l) => l.th === '' && l.en === '');
                return withKey(x, 'ratingLabels', empty ? undefined : list);
              }, `ratingLabels${i}`)
            }
          />
        ))}
      </fieldset>
      <DimensionsEditor dimensions={survey.dimensions ?? []} problems={problems} current={current} onEdit={onEdit} />
      <details class="builder-extra" data-path="lists">
        <summary>{t('admin.builder.lists.title')}</summary>
        <ListsEditor lists={survey.lists ?? {}} onChange={(lists) => onEdit((x) => withKey(x, 'lists', lists))} />
      </details>
      <details class="builder-extra" data-path="privacy">
        <summary>{t('admin.builder.privacy.title')}</summary>
        <PrivacyEditor value={survey.privacy} onChange={(privacy) => onEdit((x) => ({ ...x, privacy }))} />
      </details>
      <ProblemList
        problems={problems.filter((p) => !/^(title|description|ratingLabels\[\d\])\.(th|en)$/.test(p.path))}
      />
    </section>
  );
}

/** The settings panel, re-rendered only when a setting (not a section) changes. */
export const SettingsPanel = memo(SettingsPanelView, (a, b) => {
  const x = a.survey;
  const y = b.survey;
  return (
    x.id === y.id &&
    x.title === y.title &&
    x.description === y.description &&
    x.estimatedMinutes === y.estimatedMinutes &&
    x.ratingLabels === y.ratingLabels &&
    x.dimensions === y.dimensions &&
    x.lists === y.lists &&
    x.privacy === y.privacy &&
    a.published === b.published &&
    a.problems === b.problems &&
    a.current === b.current &&
    a.onEdit === b.onEdit
  );
});
