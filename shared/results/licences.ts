/**
 * The open-data licences a process may publish its released results under. The default is the
 * German government's own, which most German open-data portals use; the others are the common
 * alternatives (no attribution needed, or Creative Commons). Each names the text its identifier
 * stands for, so a download carries what a re-user must know.
 */
export const DATA_LICENCES = {
  'dl-de/by-2-0': { name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', url: 'https://www.govdata.de/dl-de/by-2-0' },
  'dl-de/zero-2-0': { name: 'Datenlizenz Deutschland – Zero – Version 2.0', url: 'https://www.govdata.de/dl-de/zero-2-0' },
  'CC-BY-4.0': { name: 'Creative Commons Namensnennung 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/deed.de' },
  'CC0-1.0': { name: 'CC0 1.0 Universell (Public Domain Dedication)', url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.de' },
} as const;

export type DataLicence = keyof typeof DATA_LICENCES;
export const DATA_LICENCE_IDS = Object.keys(DATA_LICENCES) as [DataLicence, ...DataLicence[]];
export const DEFAULT_DATA_LICENCE: DataLicence = 'dl-de/by-2-0';
