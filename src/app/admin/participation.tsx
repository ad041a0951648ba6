/**
 * The committees and activities screens, loaded together when one of them is opened (a chunk of
 * its own inside the staff side: the officer's form shares their code, and a chunk shared with
 * the staff side's entry would be listed in the respondent's first load).
 */
import type { Me } from './api.js';
import { ActivitiesPrint, ActivitiesScreen, ActivityView, EvidencePack } from './activities/ActivitiesScreen.js';
import { CommitteesPrint, CommitteesScreen } from './committees/CommitteesScreen.js';

/** Which screen, from the address. */
export interface ParticipationRoute {
  view: 'committees' | 'committees-print' | 'activities' | 'activities-print' | 'activity' | 'evidence';
  id?: string | undefined;
}

/** The screen for `route`. */
export function ParticipationScreen({
  route,
  me,
  query,
}: {
  route: ParticipationRoute;
  me: Me;
  query: URLSearchParams;
}) {
  switch (route.view) {
    case 'committees':
      return <CommitteesScreen me={me} query={query} />;
    case 'committees-print':
      return <CommitteesPrint query={query} />;
    case 'activities':
      return <ActivitiesScreen me={me} query={query} />;
    case 'activities-print':
      return <ActivitiesPrint query={query} />;
    case 'evidence':
      return <EvidencePack id={route.id ?? ''} />;
    default:
      return <ActivityView id={route.id ?? ''} me={me} />;
  }
}
