import 'fake-indexeddb/auto';
import { configure } from '@testing-library/preact';

// findBy…/waitFor end as soon as the state is there; their default ceiling (1 s) is too short
// for a shared 2-core machine under load.
configure({ asyncUtilTimeout: 15_000 });
