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
          { code: '1', label: 'one', x: 5, y: 5 },
          { code: '12', label: 'twelve', x: 5, y: 2 },
          { code: '3', label: 'three', x: 3, y: 4 },
        ]}
        title="IPA"
        axes={{ x: 'Expectation', y: 'Satisfaction' }}
        quadrants={{ concentrate: 'c', keep: 'k', low: 'l', overkill: 'o' }}
        listTitle="Items in each quadrant"
        none="None"
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

  it('fits the axes to items rated 3.6–4.4 and lists the items of each quadrant beside the chart', () => {
    const points = [
      { code: '1', label: 'Publishes news', x: 4.4, y: 3.6 },
      { code: '2', label: 'Easy to reach', x: 4.38, y: 3.62 },
      { code: '3', label: 'Listens', x: 3.7, y: 4.3 },
      { code: '4', label: 'Polite staff', x: 4.3, y: 4.4 },
      { code: '5', label: 'Parking', x: 3.6, y: 3.7 },
    ];
    const { container, getByRole } = render(
      <IpaChart
        points={points}
        title="IPA"
        axes={{ x: 'Expectation', y: 'Satisfaction' }}
        quadrants={{ concentrate: 'Concentrate here', keep: 'Keep', low: 'Low', overkill: 'Overkill' }}
        listTitle="Items in each quadrant"
        none="None"
      />,
    );
    const ticks = [...container.querySelectorAll('svg text')]
      .map((t) => t.textContent ?? '')
      .filter((t) => /^\d\.\d\d$/.test(t))
      .map(Number);
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(3.3);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(4.7);
    const lists = getByRole('region', { name: 'Items in each quadrant' });
    const concentrate = lists.querySelector('[data-quadrant="concentrate"]');
    expect(concentrate?.textContent).toContain('Concentrate here (2)');
    expect(concentrate?.textContent).toContain('1. Publishes news');
    expect(concentrate?.textContent).toContain('2. Easy to reach');
    expect(lists.querySelector('[data-quadrant="overkill"]')?.textContent).toContain('3. Listens');
    expect(lists.querySelector('[data-quadrant="keep"]')?.textContent).toContain('4. Polite staff');
    expect(lists.querySelector('[data-quadrant="low"]')?.textContent).toContain('5. Parking');
  });
});
