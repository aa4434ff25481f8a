import { contactIdentity, contactLocalKey } from './contact-identity';
import { contactIntent } from '../crm/contacts/contact-intent';

describe('contact identity', () => {
  it('uses the case-folded email when there is one', () => {
    expect(contactIdentity({ email: ' Ann@Example.COM ', userId: '7' }, 'app_user_id')).toEqual({
      idProperty: 'email',
      id: 'ann@example.com',
      localKey: 'ann@example.com',
    });
  });

  it('falls back to the unique id property for users without an email', () => {
    expect(contactIdentity({ userId: 'u-9' }, 'app_user_id')).toEqual({
      idProperty: 'app_user_id',
      id: 'u-9',
      localKey: 'u-9',
    });
    expect(contactIdentity('u-9', 'my_id')).toEqual({ idProperty: 'my_id', id: 'u-9', localKey: 'u-9' });
    expect(contactLocalKey('Bob@X.io')).toBe('bob@x.io');
  });

  it('refuses a contact without email and user id', () => {
    expect(() => contactIdentity({ email: ' ' }, 'app_user_id')).toThrow(TypeError);
  });

  it('keeps the user id as a property of an email-keyed contact', () => {
    expect(
      contactIntent({ email: 'a@x.io', userId: 'u1', properties: { plan: 'pro' } }, 5, 'app_user_id'),
    ).toEqual({
      portalId: 5,
      objectType: 'contacts',
      idProperty: 'email',
      id: 'a@x.io',
      localKey: 'a@x.io',
      properties: { plan: 'pro', app_user_id: 'u1' },
    });
  });
});
