import type { Messages } from './en';

export const sv: Messages = {
  app: {
    title: 'Logga in',
    loading: 'Startar…',
    demoBadge: 'Demo: inga riktiga sms skickas',
  },
  language: {
    label: 'Språk',
  },
  phone: {
    heading: 'Logga in med din telefon',
    instructions: 'Skriv ditt mobilnummer. Vi skickar en kod till dig med sms.',
    inputLabel: 'Mobilnummer',
    placeholder: 'Ditt mobilnummer',
    continue: 'Skicka kod',
    sending: 'Skickar…',
    signedOut_user: 'Du har loggat ut. Vi ses!',
    signedOut_idle: 'Du loggades ut eftersom ingen använde kiosken på en stund.',
    signedOut_max_length: 'Du loggades ut eftersom sessionen nådde sin tidsgräns.',
  },
  keypad: {
    label: 'Sifferknappar',
    digit: '{{digit}}',
    plus: 'Plus (landsnummer)',
    backspace: 'Radera sista siffran',
    clear: 'Rensa allt',
  },
  code: {
    heading: 'Skriv koden',
    sentTo: 'Vi skickade en kod med sms till {{phone}}.',
    group: 'Koden från sms:et, {{count}} siffror',
    box: 'Siffra {{n}} av {{count}}',
    submit: 'Logga in',
    checking: 'Kontrollerar…',
    expiresIn: 'Koden går ut om',
    expiresAnnounce: 'Koden går ut om {{time}}.',
    resend: 'Skicka en ny kod',
    resendIn: 'Ny kod om {{time}}',
    resendReady: 'Nu kan du be om en ny kod.',
    resent: 'En ny kod är på väg. Använd den senaste koden.',
    back: 'Använd ett annat nummer',
    attemptsLeft_one: 'Koden är fel. {{count}} försök kvar.',
    attemptsLeft_other: 'Koden är fel. {{count}} försök kvar.',
    pasteHint: 'Du kan också klistra in hela koden.',
  },
  errors: {
    inline: {
      phone_empty: 'Skriv ditt mobilnummer först.',
      invalid_phone: 'Det är inte ett giltigt mobilnummer. Kontrollera det och försök igen.',
      country_not_allowed: 'Härifrån kan inga koder skickas till nummer från det landet.',
      malformed_code: 'Skriv alla siffror i koden.',
      wrong_code: 'Koden är fel. Kontrollera sms:et och försök igen.',
      resend_too_soon: 'Vänta en stund innan du ber om en ny kod.',
    },
    screen: {
      sms_unavailable: {
        title: 'Sms fungerar inte',
        body: 'Kiosken kan inte skicka koder just nu. Fråga din chef eller försök igen om några minuter.',
      },
      sms_not_delivered: {
        title: 'Koden levererades inte',
        body: 'Sms:et med din kod kunde inte skickas. Du kan försöka igen.',
      },
      sms_sign_in_disabled: {
        title: 'Inloggning är avstängd',
        body: 'Inloggning med sms är avstängd på den här kiosken. Fråga din chef.',
      },
      code_expired: {
        title: 'Koden har gått ut',
        body: 'Koder fungerar bara några minuter. Be om en ny kod.',
      },
      code_dead: {
        title: 'För många felaktiga försök',
        body: 'Den här koden fungerar inte längre. Börja om för att få en ny kod.',
      },
      locked: {
        title: 'Inloggningen är låst',
        body: 'För många felaktiga koder har angetts för det här numret.',
      },
      method_not_allowed: {
        title: 'Du kan inte logga in här',
        body: 'Inloggning med sms är inte aktiverad för dig. Fråga din chef.',
      },
      not_registered: {
        title: 'Numret är inte registrerat',
        body: 'Det här mobilnumret är inte registrerat. Be din chef att lägga till det.',
      },
      too_many_codes: {
        title: 'För många koder',
        body: 'För många koder har skickats till det här numret. Vänta innan du försöker igen.',
      },
      kiosk_cap_reached: {
        title: 'Kiosken är upptagen',
        body: 'Kiosken har skickat alla koder den får skicka den här timmen. Försök senare eller fråga din chef.',
      },
      daily_cap_reached: {
        title: 'Inga fler koder i dag',
        body: 'Kiosken har skickat alla koder den får skicka i dag. Fråga din chef.',
      },
      invalid_phone: {
        title: 'Numret godtogs inte',
        body: 'Det är inte ett giltigt mobilnummer.',
      },
      country_not_allowed: {
        title: 'Landet är inte tillåtet',
        body: 'Härifrån kan inga koder skickas till nummer från det landet.',
      },
      resend_too_soon: {
        title: 'Vänta lite',
        body: 'En ny kod kan skickas om en stund.',
      },
      challenge_not_found: {
        title: 'Inloggningen har avslutats',
        body: 'Börja om.',
      },
      wrong_kiosk: {
        title: 'Kod från en annan kiosk',
        body: 'Koden begärdes på en annan kiosk. Börja om här.',
      },
      malformed_code: {
        title: 'Koden godtogs inte',
        body: 'Skriv koden från sms:et: bara siffror.',
      },
      wrong_code: {
        title: 'Fel kod',
        body: 'Koden är fel.',
      },
      code_used: {
        title: 'Koden är redan använd',
        body: 'Den här koden har redan använts. Börja om.',
      },
      code_superseded: {
        title: 'En nyare kod har skickats',
        body: 'Bara den senaste koden fungerar. Börja om.',
      },
      invalid_request: {
        title: 'Något gick fel',
        body: 'Börja om. Om det händer igen, fråga din chef.',
      },
      not_signed_in: {
        title: 'Du är inte inloggad',
        body: 'Börja om.',
      },
      forbidden_sender: {
        title: 'Något gick fel',
        body: 'Börja om. Om det händer igen, fråga din chef.',
      },
      internal: {
        title: 'Något gick fel',
        body: 'Börja om. Om det händer igen, fråga din chef.',
      },
    },
    opensAt: 'Du kan försöka igen kl. {{time}}.',
    opensOn: 'Du kan försöka igen {{time}}.',
    opensIn: 'Det är om {{time}}.',
    askManager: 'Bara en chef kan låsa upp. Fråga din chef.',
    startAgain: 'Börja om',
    tryAgain: 'Försök igen',
    resend: 'Skicka en ny kod',
    waitingForModem: 'Den här skärmen försvinner av sig själv när sms fungerar igen.',
  },
  home: {
    greeting: 'Hej, {{name}}!',
    resources: 'Dina resurser',
    noResources: 'Inget har tilldelats dig än. Fråga din chef.',
    opensInWindow: 'öppnas i ett nytt fönster',
    signOut: 'Logga ut',
    signOutHint: 'Logga alltid ut när du är klar.',
  },
  idle: {
    title: 'Är du kvar?',
    body: 'Du loggas ut om',
    announce: 'Du loggas ut om {{time}}.',
    stay: 'Jag är kvar',
    signOut: 'Logga ut nu',
  },
};
