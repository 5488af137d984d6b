import type { Messages } from './en';

export const fi: Messages = {
  app: {
    title: 'Kirjaudu',
    loading: 'Käynnistyy…',
    demoBadge: 'Esittely: oikeita tekstiviestejä ei lähetetä',
  },
  language: {
    label: 'Kieli',
  },
  phone: {
    heading: 'Kirjaudu puhelimella',
    instructions: 'Kirjoita matkapuhelinnumerosi. Lähetämme sinulle koodin tekstiviestillä.',
    inputLabel: 'Matkapuhelinnumero',
    placeholder: 'Matkapuhelinnumerosi',
    continue: 'Lähetä koodi',
    sending: 'Lähetetään…',
    signedOut_user: 'Kirjauduit ulos. Nähdään taas!',
    signedOut_idle: 'Sinut kirjattiin ulos, koska kioskia ei käytetty hetkeen.',
    signedOut_max_length: 'Sinut kirjattiin ulos, koska istunnon enimmäisaika täyttyi.',
  },
  keypad: {
    label: 'Numeronäppäimistö',
    digit: '{{digit}}',
    plus: 'Plus (maatunnus)',
    backspace: 'Poista viimeinen numero',
    clear: 'Tyhjennä kaikki',
  },
  code: {
    heading: 'Kirjoita koodi',
    sentTo: 'Lähetimme koodin tekstiviestillä numeroon {{phone}}.',
    group: 'Tekstiviestin koodi, {{count}} numeroa',
    box: 'Numero {{n}}/{{count}}',
    submit: 'Kirjaudu',
    checking: 'Tarkistetaan…',
    expiresIn: 'Koodi vanhenee',
    expiresAnnounce: 'Koodi vanhenee {{time}} kuluttua.',
    resend: 'Lähetä uusi koodi',
    resendIn: 'Uusi koodi {{time}} kuluttua',
    resendReady: 'Voit nyt pyytää uuden koodin.',
    resent: 'Uusi koodi on tulossa. Käytä uusinta koodia.',
    back: 'Käytä toista numeroa',
    attemptsLeft_one: 'Koodi ei ole oikein. {{count}} yritys jäljellä.',
    attemptsLeft_other: 'Koodi ei ole oikein. {{count}} yritystä jäljellä.',
    pasteHint: 'Voit myös liittää koko koodin.',
  },
  errors: {
    inline: {
      phone_empty: 'Kirjoita ensin matkapuhelinnumerosi.',
      invalid_phone: 'Tämä ei ole kelvollinen matkapuhelinnumero. Tarkista se ja yritä uudelleen.',
      country_not_allowed: 'Tämän maan numeroihin ei voi lähettää koodeja täältä.',
      malformed_code: 'Kirjoita koodin kaikki numerot.',
      wrong_code: 'Koodi ei ole oikein. Tarkista tekstiviesti ja yritä uudelleen.',
      resend_too_soon: 'Odota hetki ennen kuin pyydät uuden koodin.',
    },
    screen: {
      sms_unavailable: {
        title: 'Tekstiviestit eivät toimi',
        body: 'Tämä kioski ei voi lähettää koodeja juuri nyt. Kysy esihenkilöltäsi tai yritä muutaman minuutin päästä uudelleen.',
      },
      sms_not_delivered: {
        title: 'Koodia ei toimitettu',
        body: 'Koodin sisältävää tekstiviestiä ei voitu lähettää. Voit yrittää uudelleen.',
      },
      sms_sign_in_disabled: {
        title: 'Kirjautuminen on pois päältä',
        body: 'Tekstiviestikirjautuminen on poistettu käytöstä tässä kioskissa. Kysy esihenkilöltäsi.',
      },
      code_expired: {
        title: 'Koodi on vanhentunut',
        body: 'Koodi toimii vain muutaman minuutin. Pyydä uusi koodi.',
      },
      code_dead: {
        title: 'Liian monta väärää yritystä',
        body: 'Tämä koodi ei enää toimi. Aloita alusta saadaksesi uuden koodin.',
      },
      locked: {
        title: 'Kirjautuminen on lukittu',
        body: 'Tälle numerolle syötettiin liian monta väärää koodia.',
      },
      method_not_allowed: {
        title: 'Et voi kirjautua täällä',
        body: 'Tekstiviestikirjautuminen ei ole käytössä sinulle. Kysy esihenkilöltäsi.',
      },
      not_registered: {
        title: 'Numeroa ei ole rekisteröity',
        body: 'Tätä matkapuhelinnumeroa ei ole rekisteröity. Pyydä esihenkilöäsi lisäämään se.',
      },
      too_many_codes: {
        title: 'Liian monta koodia',
        body: 'Tähän numeroon on lähetetty liian monta koodia. Odota ennen kuin yrität uudelleen.',
      },
      kiosk_cap_reached: {
        title: 'Kioski on ruuhkautunut',
        body: 'Tämä kioski on lähettänyt kaikki tämän tunnin koodit. Yritä myöhemmin tai kysy esihenkilöltäsi.',
      },
      daily_cap_reached: {
        title: 'Ei enää koodeja tänään',
        body: 'Tämä kioski on lähettänyt kaikki tämän päivän koodit. Kysy esihenkilöltäsi.',
      },
      invalid_phone: {
        title: 'Numeroa ei hyväksytty',
        body: 'Tämä ei ole kelvollinen matkapuhelinnumero.',
      },
      country_not_allowed: {
        title: 'Maa ei ole sallittu',
        body: 'Tämän maan numeroihin ei voi lähettää koodeja täältä.',
      },
      resend_too_soon: {
        title: 'Odota hetki',
        body: 'Uuden koodin voi lähettää hetken kuluttua.',
      },
      challenge_not_found: {
        title: 'Tämä kirjautuminen on päättynyt',
        body: 'Aloita alusta.',
      },
      wrong_kiosk: {
        title: 'Koodi toisesta kioskista',
        body: 'Tämä koodi pyydettiin toisessa kioskissa. Aloita alusta täällä.',
      },
      malformed_code: {
        title: 'Koodia ei hyväksytty',
        body: 'Kirjoita tekstiviestin koodi: vain numeroita.',
      },
      wrong_code: {
        title: 'Väärä koodi',
        body: 'Koodi ei ole oikein.',
      },
      code_used: {
        title: 'Koodi on jo käytetty',
        body: 'Tämä koodi on jo käytetty. Aloita alusta.',
      },
      code_superseded: {
        title: 'Uudempi koodi lähetettiin',
        body: 'Vain uusin koodi toimii. Aloita alusta.',
      },
      invalid_request: {
        title: 'Jokin meni vikaan',
        body: 'Aloita alusta. Jos tämä toistuu, kysy esihenkilöltäsi.',
      },
      not_signed_in: {
        title: 'Et ole kirjautunut',
        body: 'Aloita alusta.',
      },
      forbidden_sender: {
        title: 'Jokin meni vikaan',
        body: 'Aloita alusta. Jos tämä toistuu, kysy esihenkilöltäsi.',
      },
      internal: {
        title: 'Jokin meni vikaan',
        body: 'Aloita alusta. Jos tämä toistuu, kysy esihenkilöltäsi.',
      },
    },
    opensAt: 'Voit yrittää uudelleen klo {{time}}.',
    opensOn: 'Voit yrittää uudelleen {{time}}.',
    opensIn: 'Siihen on {{time}}.',
    askManager: 'Vain esihenkilö voi avata lukituksen. Kysy esihenkilöltäsi.',
    startAgain: 'Aloita alusta',
    tryAgain: 'Yritä uudelleen',
    resend: 'Lähetä uusi koodi',
    waitingForModem: 'Tämä näkymä poistuu itsestään, kun tekstiviestit toimivat taas.',
  },
  home: {
    greeting: 'Hei, {{name}}!',
    resources: 'Sinun palvelusi',
    noResources: 'Sinulle ei ole vielä määritetty mitään. Kysy esihenkilöltäsi.',
    opensInWindow: 'avautuu uuteen ikkunaan',
    signOut: 'Kirjaudu ulos',
    signOutHint: 'Kirjaudu aina ulos, kun olet valmis.',
  },
  idle: {
    title: 'Oletko vielä siellä?',
    body: 'Sinut kirjataan ulos',
    announce: 'Sinut kirjataan ulos {{time}} kuluttua.',
    stay: 'Olen vielä täällä',
    signOut: 'Kirjaudu ulos nyt',
  },
};
