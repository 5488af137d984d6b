import type { Messages } from './en';

export const es: Messages = {
  app: {
    title: 'Iniciar sesión',
    loading: 'Iniciando…',
    demoBadge: 'Demostración: no se envían mensajes de texto reales',
  },
  language: {
    label: 'Idioma',
  },
  phone: {
    heading: 'Inicia sesión con tu teléfono',
    instructions: 'Escribe tu número de móvil. Te enviaremos un código por mensaje de texto.',
    inputLabel: 'Número de móvil',
    placeholder: 'Tu número de móvil',
    continue: 'Enviar código',
    sending: 'Enviando…',
    signedOut_user: 'Has cerrado la sesión. ¡Hasta pronto!',
    signedOut_idle: 'Se cerró tu sesión porque nadie usó el quiosco durante un rato.',
    signedOut_max_length: 'Se cerró tu sesión porque llegó a su tiempo máximo.',
  },
  keypad: {
    label: 'Teclado numérico',
    digit: '{{digit}}',
    plus: 'Más (código de país)',
    backspace: 'Borrar el último número',
    clear: 'Borrar todo',
  },
  code: {
    heading: 'Escribe el código',
    sentTo: 'Enviamos un código por mensaje de texto al {{phone}}.',
    group: 'Código del mensaje de texto, {{count}} cifras',
    box: 'Cifra {{n}} de {{count}}',
    submit: 'Iniciar sesión',
    checking: 'Comprobando…',
    expiresIn: 'El código caduca en',
    expiresAnnounce: 'El código caduca en {{time}}.',
    resend: 'Enviar un código nuevo',
    resendIn: 'Nuevo código en {{time}}',
    resendReady: 'Ya puedes pedir un código nuevo.',
    resent: 'Un código nuevo está en camino. Usa el código más reciente.',
    back: 'Usar otro número',
    attemptsLeft_one: 'El código no es correcto. Te queda {{count}} intento.',
    attemptsLeft_other: 'El código no es correcto. Te quedan {{count}} intentos.',
    pasteHint: 'También puedes pegar el código entero.',
  },
  errors: {
    inline: {
      phone_empty: 'Primero escribe tu número de móvil.',
      invalid_phone: 'No es un número de móvil válido. Revísalo e inténtalo de nuevo.',
      country_not_allowed: 'Desde aquí no se pueden enviar códigos a números de ese país.',
      malformed_code: 'Escribe todas las cifras del código.',
      wrong_code: 'El código no es correcto. Revisa el mensaje e inténtalo de nuevo.',
      resend_too_soon: 'Espera un momento antes de pedir un código nuevo.',
    },
    screen: {
      sms_unavailable: {
        title: 'Los mensajes de texto no funcionan',
        body: 'Este quiosco no puede enviar códigos ahora. Pregunta a tu responsable o inténtalo de nuevo en unos minutos.',
      },
      sms_not_delivered: {
        title: 'Tu código no se entregó',
        body: 'No se pudo enviar el mensaje con tu código. Puedes intentarlo de nuevo.',
      },
      sms_sign_in_disabled: {
        title: 'El inicio de sesión está desactivado',
        body: 'El inicio de sesión por mensaje de texto está desactivado en este quiosco. Pregunta a tu responsable.',
      },
      code_expired: {
        title: 'El código ha caducado',
        body: 'Los códigos solo sirven unos minutos. Pide un código nuevo.',
      },
      code_dead: {
        title: 'Demasiados intentos fallidos',
        body: 'Este código ya no sirve. Empieza de nuevo para recibir otro código.',
      },
      locked: {
        title: 'El inicio de sesión está bloqueado',
        body: 'Se escribieron demasiados códigos incorrectos para este número.',
      },
      method_not_allowed: {
        title: 'No puedes iniciar sesión aquí',
        body: 'El inicio de sesión por mensaje de texto no está activado para ti. Pregunta a tu responsable.',
      },
      not_registered: {
        title: 'Número no registrado',
        body: 'Este número de móvil no está registrado. Pide a tu responsable que lo añada.',
      },
      too_many_codes: {
        title: 'Demasiados códigos',
        body: 'Se enviaron demasiados códigos a este número. Espera antes de volver a intentarlo.',
      },
      kiosk_cap_reached: {
        title: 'Este quiosco está ocupado',
        body: 'Este quiosco ya envió todos los códigos permitidos en esta hora. Inténtalo más tarde o pregunta a tu responsable.',
      },
      daily_cap_reached: {
        title: 'No hay más códigos hoy',
        body: 'Este quiosco ya envió todos los códigos permitidos hoy. Pregunta a tu responsable.',
      },
      invalid_phone: {
        title: 'Número no aceptado',
        body: 'No es un número de móvil válido.',
      },
      country_not_allowed: {
        title: 'País no permitido',
        body: 'Desde aquí no se pueden enviar códigos a números de ese país.',
      },
      resend_too_soon: {
        title: 'Espera un momento',
        body: 'Podrás pedir un código nuevo enseguida.',
      },
      challenge_not_found: {
        title: 'Este inicio de sesión ha terminado',
        body: 'Empieza de nuevo, por favor.',
      },
      wrong_kiosk: {
        title: 'Código de otro quiosco',
        body: 'Este código se pidió en otro quiosco. Empieza de nuevo aquí.',
      },
      malformed_code: {
        title: 'Código no aceptado',
        body: 'Escribe el código del mensaje de texto: solo cifras.',
      },
      wrong_code: {
        title: 'Código incorrecto',
        body: 'El código no es correcto.',
      },
      code_used: {
        title: 'Código ya usado',
        body: 'Este código ya se ha usado. Empieza de nuevo.',
      },
      code_superseded: {
        title: 'Se envió un código más nuevo',
        body: 'Solo sirve el código más reciente. Empieza de nuevo.',
      },
      invalid_request: {
        title: 'Algo salió mal',
        body: 'Empieza de nuevo. Si vuelve a pasar, pregunta a tu responsable.',
      },
      not_signed_in: {
        title: 'No has iniciado sesión',
        body: 'Empieza de nuevo, por favor.',
      },
      forbidden_sender: {
        title: 'Algo salió mal',
        body: 'Empieza de nuevo. Si vuelve a pasar, pregunta a tu responsable.',
      },
      internal: {
        title: 'Algo salió mal',
        body: 'Empieza de nuevo. Si vuelve a pasar, pregunta a tu responsable.',
      },
    },
    opensAt: 'Puedes volver a intentarlo a las {{time}}.',
    opensOn: 'Puedes volver a intentarlo el {{time}}.',
    opensIn: 'Es decir, dentro de {{time}}.',
    askManager: 'Solo un responsable puede desbloquearlo. Pregunta a tu responsable.',
    startAgain: 'Empezar de nuevo',
    tryAgain: 'Intentar de nuevo',
    resend: 'Enviar un código nuevo',
    waitingForModem: 'Esta pantalla desaparecerá sola cuando los mensajes vuelvan a funcionar.',
  },
  home: {
    greeting: '¡Hola, {{name}}!',
    resources: 'Tus recursos',
    noResources: 'Todavía no tienes nada asignado. Pregunta a tu responsable.',
    opensInWindow: 'se abre en una ventana nueva',
    signOut: 'Cerrar sesión',
    signOutHint: 'Cierra siempre la sesión al terminar.',
  },
  idle: {
    title: '¿Sigues ahí?',
    body: 'Tu sesión se cerrará en',
    announce: 'Tu sesión se cerrará en {{time}}.',
    stay: 'Sigo aquí',
    signOut: 'Cerrar sesión ahora',
  },
};
