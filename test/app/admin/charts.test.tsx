/** The results charts: what they draw stays inside the picture. */
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { IpaChart } from '../../../src/app/admin/charts.js';

afterEach(cleanup);

describe('the expectation–satisfaction (IPA) chart', () => {
  it('keeps the number of an item rated 5.00 on both axes inside the picture', () => {
    const { container } = render(
      <IpaChart
        points={[
          { code: '1', x: 5, y: 5 },
          { code: '12', x: 5, y: 2 },
          { code: '3', x: 3, y: 4 },
        ]}
        title="IPA"
        axes={{ x: 'Expectation', y: 'Satisfaction' }}
        quadrants={{ concentrate: 'c', keep: 'k', low: 'l', overkill: 'o' }}
      />,
    );
    const [, , width, height] = (container.querySelector('svg')?.getAttribute('viewBox') ?? '').split(' ').map(Number);
    const labels = [...container.querySelectorAll('g text')].filter((t) => /^\d+$/.test(t.textContent ?? ''));
    expect(labels.map((t) => t.textContent)).toEqual(['1', '12', '3']);
    for (const label of labels) {
      // A digit of 12 px type is about 7 px wide and rises about 9 px above its baseline.
      const x = Number(label.getAttribute('x'));
      const y = Number(label.getAttribute('y'));
      expect(x + 7 * (label.textContent ?? '').length, `item ${label.textContent}`).toBeLessThanOrEqual(width ?? 0);
      expect(y - 9, `item ${label.textContent}`).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(height ?? 0);
    }
  });
});
