import { api } from '../api.js';
import { field, h, replace } from '../dom.js';
import { masksSection } from './masks.js';

/** The owner's form for a discovered camera's scope: what the consent gates check. Config cameras change in the YAML. */
const AREAS = ['entrance', 'cash', 'kitchen', 'storage', 'staff', 'dining', 'outdoor', 'washroom', 'changing'] as const;

interface Scope {
  purposes?: string[];
  area?: string;
  signage?: { location: string; date: string; confirmedBy: string };
}

export async function scopeForm(cameraId: string, cameraName: string, done: (message: string) => void): Promise<HTMLElement> {
  const { scope } = await api<{ scope: Scope }>('GET', `/api/cameras/${encodeURIComponent(cameraId)}/scope`);
  const error = h('p', { class: 'error', role: 'alert' });
  const purposes = h('textarea', { name: 'purposes', rows: 3 });
  purposes.value = (scope.purposes ?? []).join('\n');
  const area = h('select', { name: 'area' }, h('option', { value: '' }, '(choose)'), AREAS.map((a) => h('option', { value: a }, a)));
  area.value = scope.area ?? '';
  const location = h('input', { name: 'sign-location' });
  const date = h('input', { name: 'sign-date', type: 'date' });
  const confirmedBy = h('input', { name: 'sign-confirmed-by' });
  location.value = scope.signage?.location ?? '';
  date.value = scope.signage?.date ?? '';
  confirmedBy.value = scope.signage?.confirmedBy ?? '';
  return h(
    'form',
    {
      class: 'scope',
      onsubmit: (e: Event) => {
        e.preventDefault();
        error.textContent = '';
        const changes: Record<string, unknown> = {};
        const list = purposes.value
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean);
        if (list.length) changes['purposes'] = list;
        if (area.value) changes['area'] = area.value;
        if (location.value || date.value || confirmedBy.value) changes['signage'] = { location: location.value, date: date.value, confirmedBy: confirmedBy.value };
        void api('PUT', `/api/cameras/${encodeURIComponent(cameraId)}/scope`, changes)
          .then(() => done(`Scope of ${cameraName} saved.`))
          .catch((err: unknown) => {
            error.textContent = err instanceof Error ? err.message : String(err);
          });
      },
    },
    field(`Purposes of ${cameraName}, one per line`, purposes, 'Name the problem, e.g. "investigate till discrepancies at the cash desk".'),
    field('Area it films', area),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Privacy sign posted'),
      field('Where the sign is', location),
      field('Date posted', date),
      field('Confirmed by', confirmedBy),
    ),
    error,
    h('button', { type: 'submit' }, `Save the scope of ${cameraName}`),
  );
}

/** The owner's sections for a discovered camera: its scope, and its privacy masks with their CPU cost. */
export function scopeSection(cameraId: string, cameraName: string, status: HTMLElement, after: () => void): HTMLElement {
  return h('div', { class: 'scope-sections' }, scopeDetails(cameraId, cameraName, status, after), masksSection(cameraId, cameraName, status, after));
}

function scopeDetails(cameraId: string, cameraName: string, status: HTMLElement, after: () => void): HTMLElement {
  const holder = h('div');
  const details = h('details', {}, h('summary', {}, 'Purposes, area and signage'), holder);
  details.addEventListener('toggle', () => {
    if (!details.open || holder.childElementCount) return;
    void scopeForm(cameraId, cameraName, (message) => {
      status.textContent = message;
      after();
    })
      .then((form) => replace(holder, form))
      .catch((err: unknown) => replace(holder, h('p', { class: 'error' }, err instanceof Error ? err.message : String(err))));
  });
  return details;
}
