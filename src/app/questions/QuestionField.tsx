/** Picks the control for a question's type. */
import type { Question } from '../../core/survey.js';
import { LookupField, MultipleChoiceField, SingleChoiceField } from './ChoiceFields.js';
import type { FieldProps } from './field-props.js';
import { DateField, NumberField, TextField } from './InputFields.js';
import { RatingField, RatingPairField } from './RatingFields.js';

/** The control of any question. */
export function QuestionField(props: FieldProps<Question>) {
  const q = props.question;
  switch (q.type) {
    case 'single':
      return <SingleChoiceField {...props} question={q} />;
    case 'multiple':
      return <MultipleChoiceField {...props} question={q} />;
    case 'lookup':
      return <LookupField {...props} question={q} />;
    case 'rating':
      return <RatingField {...props} question={q} />;
    case 'rating-pair':
      return <RatingPairField {...props} question={q} />;
    case 'text':
    case 'long-text':
      return <TextField {...props} question={q} />;
    case 'number':
      return <NumberField {...props} question={q} />;
    case 'date':
      return <DateField {...props} question={q} />;
  }
}
