import type { JSX } from 'preact';
import { Field } from '../ui.js';
import { dateInputValue, dayOf, shiftDay } from './playback-model.js';

/**
 * Previous day, a date field and next day: the same three controls on the
 * Playback and Timeline pages, each page placing them in its own control
 * group. Days are local days (a DST day is 23 or 25 hours); `onDay` gets the
 * start of the day chosen.
 */
export function DayPicker(props: {
  /** Start of the local day the buttons step from. */
  dayStart: number;
  /** A time inside the day the date field shows (Playback shows the middle of its view, which may be zoomed across midnight). */
  shown: number;
  onDay: (dayStart: number) => void;
}): JSX.Element {
  const { dayStart, onDay } = props;
  return (
    <>
      <button type="button" onClick={() => onDay(shiftDay(dayStart, -1))}>
        Previous day
      </button>
      <Field label="Day">
        {(id) => (
          <input
            id={id}
            type="date"
            name="day"
            value={dateInputValue(props.shown)}
            onChange={(e) => {
              // Noon: a date typed is read as that local day whatever the DST change.
              const t = Date.parse(`${e.currentTarget.value}T12:00:00`);
              if (Number.isFinite(t)) onDay(dayOf(t).start);
            }}
          />
        )}
      </Field>
      <button type="button" onClick={() => onDay(shiftDay(dayStart, 1))}>
        Next day
      </button>
    </>
  );
}
