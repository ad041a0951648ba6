/** Placeholder of the privacy notice's editor (built on the editor-extras branch): its title only. */
import type { PrivacyNotice } from '../../../../core/survey.js';

/** Edits the privacy notice. */
export function PrivacyEditor(props: { value: PrivacyNotice; onChange(next: PrivacyNotice): void }) {
  return (
    <p>
      {props.value.title.th} / {props.value.title.en} ({props.value.version})
    </p>
  );
}
