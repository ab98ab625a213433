/** Set by the build (scripts/build.mjs) from package.json, so start-up reads no file for it. */
declare const __PROMO_DOCTOR_VERSION__: string;

export const VERSION: string = typeof __PROMO_DOCTOR_VERSION__ === 'string' ? __PROMO_DOCTOR_VERSION__ : '0.0.0-dev';
