// The Costs page's daily chart: Chart.js, only the parts a stacked bar chart needs (tree-shaken by Vite).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { dollars } from './cost-api';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Distinguishable on the dark background, and by more than hue alone in the table under the chart. */
const COLORS = ['#2f81f7', '#3fb950', '#d29922', '#db61a2', '#a371f7', '#39c5cf', '#f0883e', '#8b949e'];

export interface Series { label: string; values: number[] }

/** Days along x, one stacked bar per day, one colour per series (model or source). */
export class DailyChart {
  private chart: Chart<'bar'> | null = null;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  draw(days: string[], series: Series[]): void {
    const datasets = series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: COLORS[i % COLORS.length], borderWidth: 0 }));
    if (this.chart) {
      this.chart.data.labels = days;
      this.chart.data.datasets = datasets;
      this.chart.update('none');
      return;
    }
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data: { labels: days, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, ticks: { color: '#8b949e', maxRotation: 0, autoSkip: true }, grid: { display: false } },
          y: { stacked: true, beginAtZero: true, ticks: { color: '#8b949e', callback: (v) => dollars(Number(v)) }, grid: { color: '#30363d' } },
        },
        plugins: {
          legend: { labels: { color: '#e6edf3', boxWidth: 12 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${dollars(Number(item.raw))}` } },
        },
      },
    });
  }

  dispose(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
