// Synthetic answers for tests and the browser journey: no real person.

/** A complete, valid NPPV2 form, section by section, as a browser posts it. */
export const VALID: Record<string, Record<string, string>> = {
  personal: {
    familyName: 'Example', givenNames: 'Sam', maritalStatus: 'single', otherNames: 'no', 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1985',
    placeOfBirth: 'Exampleton, UK', nationality: 'British', niNumber: 'QQ 12 34 56 C', email: 'sam@example.org', phone: '01632 960001',
  },
  addresses: { 'addresses-0-line1': '1 Synthetic Row, Exampleton', 'addresses-0-postcode': 'EX1 1AA', 'addresses-0-country': 'UK', 'addresses-0-from-month': '1', 'addresses-0-from-year': '2015' },
  family: {
    hasPartner: 'no', childrenOver10: 'no', coResidents: 'no',
    'relatives-0-relationship': 'mother', 'relatives-0-status': 'known', 'relatives-0-fullName': 'Jo Example', 'relatives-0-dateOfBirth-day': '1', 'relatives-0-dateOfBirth-month': '1', 'relatives-0-dateOfBirth-year': '1960', 'relatives-0-placeOfBirth': 'Exampleton', 'relatives-0-address': '1 Synthetic Row',
    'relatives-1-relationship': 'father', 'relatives-1-status': 'not-known', 'relatives-1-explanation': 'Never met him',
  },
  associates: { hasAssociates: 'no' },
  convictions: { hasConvictions: 'no', underInvestigation: 'no', victimOrWitness: 'no' },
  finances: { ccj: 'no', insolvency: 'no', arrears: 'no' },
  employment: { secondJob: 'no', businessInterests: 'no', 'jobs-0-employer': 'Example Probation', 'jobs-0-role': 'Probation officer', 'jobs-0-from-month': '1', 'jobs-0-from-year': '2015' },
  disclosure: { anything: 'no' },
  declaration: { true: 'yes', consent: 'yes', signedName: 'Sam Example' },
};
