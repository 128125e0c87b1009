/**
 * Form and table pieces the Vidaio, compare, competition and history pages share: the drop zone for one video, a
 * labelled select over typed choices (a table's header row is ../../components/markup.ts). Each renders the same markup the pages wrote out
 * by hand (data-role, name and label text stay what the e2e specs look for).
 */
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../components/file-drop.ts';

/** What the video drop zones accept. */
export const VIDEO_ACCEPT = 'video/*,.mp4,.mkv,.webm,.y4m,.mov';

/**
 * A drop zone for one video: `data-role` names it for tests; its text is `named: file name` once a file is
 * dropped, else `empty`; `set` receives the dropped file.
 */
export function videoDrop(role: string, file: File | null, named: string, empty: string, set: (file: File) => void) {
  return html`<pf-file-drop
    data-role=${role}
    label=${file ? `${named}: ${file.name}` : empty}
    accept=${VIDEO_ACCEPT}
    @files=${(e: CustomEvent<File[]>) => set(e.detail[0]!)}
  ></pf-file-drop>`;
}

/** One option of a `choice`: the value the page keeps and the text shown. */
export type Option<T> = readonly [value: T, text: string];

/**
 * A labelled select over typed values: `set` gets the chosen option's value as given (no parsing of the option's
 * text), so a number stays a number. `name` is the select's form name (what tests select by).
 */
export function choice<T extends string | number>(label: string, name: string | undefined, options: readonly Option<T>[], current: T, set: (value: T) => void) {
  return html`<label
    >${label}<select name=${ifDefined(name)} @change=${(e: Event) => set(options[(e.target as HTMLSelectElement).selectedIndex]![0])}>
      ${options.map(([value, text]) => html`<option value=${value} ?selected=${value === current}>${text}</option>`)}
    </select></label
  >`;
}

/** The measuring engines a Vidaio page offers; `auto` is the text of the automatic choice. */
export type EngineChoice = 'auto' | 'cpu' | 'webgpu';
export const engineOptions = (auto: string): Option<EngineChoice>[] => [
  ['auto', auto],
  ['cpu', 'CPU'],
  ['webgpu', 'WebGPU'],
];

/** Options whose text is the value itself. */
export const plain = <T extends string | number>(values: readonly T[]): Option<T>[] => values.map((v) => [v, String(v)]);
