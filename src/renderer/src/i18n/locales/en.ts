// English: the source language. The other languages must have exactly these keys (a unit test
// checks it). Plain words, short sentences: people read this standing up, in a hurry.
export const en = {
  app: {
    title: 'Sign in',
    loading: 'Starting…',
    demoBadge: 'Demo: no real text messages are sent',
  },
  language: {
    label: 'Language',
  },
  phone: {
    heading: 'Sign in with your phone',
    instructions: 'Type your mobile number. We will send you a code by text message.',
    inputLabel: 'Mobile number',
    placeholder: 'Your mobile number',
    continue: 'Send code',
    sending: 'Sending…',
    signedOut_user: 'You signed out. See you next time!',
    signedOut_idle: 'You were signed out because nobody used the kiosk for a while.',
    signedOut_max_length: 'You were signed out because your session reached its time limit.',
  },
  keypad: {
    label: 'Number keypad',
    digit: '{{digit}}',
    plus: 'Plus (country code)',
    backspace: 'Delete last digit',
    clear: 'Clear all',
  },
  code: {
    heading: 'Type the code',
    sentTo: 'We sent a code by text message to {{phone}}.',
    group: 'Code from the text message, {{count}} digits',
    box: 'Digit {{n}} of {{count}}',
    submit: 'Sign in',
    checking: 'Checking…',
    expiresIn: 'Code expires in',
    expiresAnnounce: 'The code expires in {{time}}.',
    resend: 'Send a new code',
    resendIn: 'New code in {{time}}',
    resendReady: 'You can now ask for a new code.',
    resent: 'A new code is on its way. Use the newest code.',
    back: 'Use a different number',
    attemptsLeft_one: 'That code is not right. {{count}} try left.',
    attemptsLeft_other: 'That code is not right. {{count}} tries left.',
    pasteHint: 'You can also paste the whole code.',
  },
  errors: {
    inline: {
      phone_empty: 'Type your mobile number first.',
      invalid_phone: 'That is not a valid mobile number. Check it and try again.',
      country_not_allowed: 'Codes cannot be sent to numbers from that country here.',
      malformed_code: 'Type all the digits of the code.',
      wrong_code: 'That code is not right. Check the text message and try again.',
      resend_too_soon: 'Wait a moment before asking for a new code.',
    },
    screen: {
      sms_unavailable: {
        title: 'Text messages are not working',
        body: 'This kiosk cannot send codes right now. Please ask your manager, or try again in a few minutes.',
      },
      sms_not_delivered: {
        title: 'Your code was not delivered',
        body: 'The text message with your code could not be sent. You can try again.',
      },
      sms_sign_in_disabled: {
        title: 'Sign-in is turned off',
        body: 'Sign-in by text message is turned off at this kiosk. Please ask your manager.',
      },
      code_expired: {
        title: 'The code has expired',
        body: 'Codes only work for a few minutes. Ask for a new code.',
      },
      code_dead: {
        title: 'Too many wrong tries',
        body: 'This code no longer works. Start again to get a new code.',
      },
      locked: {
        title: 'Sign-in is locked',
        body: 'There were too many wrong codes for this number.',
      },
      method_not_allowed: {
        title: 'You cannot sign in here',
        body: 'Sign-in by text message is not turned on for you. Please ask your manager.',
      },
      not_registered: {
        title: 'Number not registered',
        body: 'This mobile number is not registered. Please ask your manager to add it.',
      },
      too_many_codes: {
        title: 'Too many codes',
        body: 'Too many codes were sent to this number. Please wait before trying again.',
      },
      kiosk_cap_reached: {
        title: 'This kiosk is busy',
        body: 'This kiosk has sent all the codes it may send this hour. Try again later or ask your manager.',
      },
      daily_cap_reached: {
        title: 'No more codes today',
        body: 'This kiosk has sent all the codes it may send today. Please ask your manager.',
      },
      invalid_phone: {
        title: 'Number not accepted',
        body: 'That is not a valid mobile number.',
      },
      country_not_allowed: {
        title: 'Country not allowed',
        body: 'Codes cannot be sent to numbers from that country here.',
      },
      resend_too_soon: {
        title: 'Please wait',
        body: 'A new code can be sent in a moment.',
      },
      challenge_not_found: {
        title: 'This sign-in has ended',
        body: 'Please start again.',
      },
      wrong_kiosk: {
        title: 'Code from another kiosk',
        body: 'This code was asked for at another kiosk. Please start again here.',
      },
      malformed_code: {
        title: 'Code not accepted',
        body: 'Type the code from the text message: digits only.',
      },
      wrong_code: {
        title: 'Wrong code',
        body: 'That code is not right.',
      },
      code_used: {
        title: 'Code already used',
        body: 'This code has already been used. Please start again.',
      },
      code_superseded: {
        title: 'A newer code was sent',
        body: 'Only the newest code works. Please start again.',
      },
      invalid_request: {
        title: 'Something went wrong',
        body: 'Please start again. If it happens again, ask your manager.',
      },
      not_signed_in: {
        title: 'You are not signed in',
        body: 'Please start again.',
      },
      forbidden_sender: {
        title: 'Something went wrong',
        body: 'Please start again. If it happens again, ask your manager.',
      },
      internal: {
        title: 'Something went wrong',
        body: 'Please start again. If it happens again, ask your manager.',
      },
    },
    opensAt: 'You can try again at {{time}}.',
    opensOn: 'You can try again on {{time}}.',
    opensIn: 'That is in {{time}}.',
    askManager: 'Only a manager can unlock it. Please ask your manager.',
    startAgain: 'Start again',
    tryAgain: 'Try again',
    resend: 'Send a new code',
    waitingForModem: 'This screen goes away by itself when text messages work again.',
  },
  home: {
    greeting: 'Hello, {{name}}!',
    resources: 'Your resources',
    noResources: 'Nothing has been assigned to you yet. Ask your manager.',
    opensInWindow: 'opens in a new window',
    signOut: 'Sign out',
    signOutHint: 'Always sign out when you are done.',
  },
  idle: {
    title: 'Are you still there?',
    body: 'You will be signed out in',
    announce: 'You will be signed out in {{time}}.',
    stay: "I'm still here",
    signOut: 'Sign out now',
  },
};

type Leaves<T> = { [K in keyof T]: T[K] extends string ? string : Leaves<T[K]> };
/** The shape every language must fill: the English keys, any strings. */
export type Messages = Leaves<typeof en>;
