/** Rules about staff accounts shared by the server and the staff screens. */

/** The shortest password accepted (the server, `siang user add` and the screens). */
export const MIN_PASSWORD_LENGTH = 10;
