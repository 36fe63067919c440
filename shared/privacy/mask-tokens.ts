/**
 * What stands in a masked text where personal data stood (shared/privacy/mask.ts). The stored text
 * keeps these German tokens, as working groups, exports and the PDF read it; the residents' pages
 * say each in the page's language (client/pages/MaskedText.tsx). A module of its own, so those
 * pages get the tokens without the masking code.
 */
export type MaskKind = 'email' | 'phone' | 'iban' | 'address' | 'name';

export const MASK_TOKENS: Readonly<Record<MaskKind, string>> = {
  email: '[E-Mail entfernt]',
  phone: '[Telefon entfernt]',
  iban: '[IBAN entfernt]',
  address: '[Adresse entfernt]',
  name: '[Name entfernt]',
};
