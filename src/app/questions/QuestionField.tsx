/** Picks the control for a question's type. */
import { Component } from 'preact';
import type { AnswerError } from '../../core/answers.js';
import { otherKey, type Question } from '../../core/survey.js';
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

const sameError = (a: AnswerError | undefined, b: AnswerError | undefined) =>
  a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));

/**
 * A question that renders again only when something it shows changed: its own answer or "other"
 * text (the only answers a control reads), its message, the language or the question itself.
 * An answer then redraws one question, not the whole section: on a section of eight rating
 * scales, what a slow phone has to do after each tap.
 */
export class SectionQuestion extends Component<FieldProps<Question>> {
  override shouldComponentUpdate(next: FieldProps<Question>): boolean {
    const now = this.props;
    const id = next.question.id;
    return (
      now.question !== next.question ||
      now.survey !== next.survey ||
      now.lang !== next.lang ||
      now.t !== next.t ||
      now.onAnswer !== next.onAnswer ||
      now.answers[id] !== next.answers[id] ||
      now.answers[otherKey(id)] !== next.answers[otherKey(id)] ||
      !sameError(now.error, next.error)
    );
  }

  override render(props: FieldProps<Question>) {
    return <QuestionField {...props} />;
  }
}
