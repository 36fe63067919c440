// A QR poster's part of the survey's address, in a module of its own: the survey's entry reads
// it (client/survey/draft.ts) and must not import shared/domain.ts, which the build puts in the
// question pages' chunk (vite.config.ts): the entry would load that whole chunk for the first page.

/** A QR poster's id: short and random, in the address its code opens (`?plakat=`). */
export const POSTER_ID_PATTERN = /^[a-z0-9]{10}$/;
/** The survey's query parameter that names the poster it was opened from. */
export const POSTER_PARAM = 'plakat';
