import type { Translated } from '../../shared/languages.js';

/**
 * The words of the letters to a person who asked for footage of themselves,
 * in every notice language (src/shared/languages.ts); a missing string is a
 * type error. Dates are written YYYY-MM-DD in every language, which no reader
 * can misread as another day.
 */
export interface LetterWords {
  ackSubject: (ref: number) => string;
  responseSubject: (ref: number) => string;
  greeting: (name: string) => string;
  received: (on: string, from: string, to: string, cameras: string) => string;
  held: string;
  dueBy: (date: string, deadline: string) => string;
  extended: (date: string, reason: string) => string;
  identity: string;
  others: string;
  youAsked: (on: string, from: string, to: string, cameras: string) => string;
  enclosed: (exportId: string) => string;
  noneFound: string;
  whyTitle: string;
  recipientsTitle: string;
  recipientsNone: string;
  recipient: (at: string, to: string, basis: string) => string;
  rightsTitle: string;
  complain: (regulator: string) => string;
  contactUs: (contact: string) => string;
  signOff: string;
  reference: string;
  date: string;
}

export const LETTER_WORDS: Translated<LetterWords> = {
  en: {
    ackSubject: (ref) => `Your request for footage of yourself (our reference ${ref})`,
    responseSubject: (ref) => `Our answer to your request for footage of yourself (our reference ${ref})`,
    greeting: (name) => `Dear ${name},`,
    received: (on, from, to, cameras) => `We received your request on ${on} for footage of yourself recorded between ${from} and ${to} (${cameras}).`,
    held: 'We have set that footage aside so that it is not deleted while we deal with your request.',
    dueBy: (date, deadline) => `We will answer by ${date} at the latest (the law gives us ${deadline}).`,
    extended: (date, reason) => `We have extended the time to answer to ${date}, for this reason: ${reason}`,
    identity: 'We give footage only to the person it shows, so we may ask you to confirm your identity.',
    others: 'To protect other people, anyone else visible in the footage is blurred or masked.',
    youAsked: (on, from, to, cameras) => `On ${on} you asked us for footage of yourself recorded between ${from} and ${to} (${cameras}).`,
    enclosed: (id) =>
      `Enclosed is a copy of the footage we hold of you (export ${id}). It comes with a signed list of its files and their fingerprints, so you can check that nothing was changed.`,
    noneFound: 'We searched those recordings and hold no footage of you from that time.',
    whyTitle: 'Why this footage was recorded',
    recipientsTitle: 'To whom this footage was disclosed',
    recipientsNone: 'No one: this footage was not disclosed outside the business.',
    recipient: (at, to, basis) => `${at}: ${to} (legal basis: ${basis})`,
    rightsTitle: 'Your rights',
    complain: (r) => `If you are not satisfied with how we handled your request, you may complain to ${r}.`,
    contactUs: (c) => `For any question about this letter, contact ${c}.`,
    signOff: 'Yours sincerely,',
    reference: 'Our reference',
    date: 'Date',
  },
  fr: {
    ackSubject: (ref) => `Votre demande d'accès aux images vous concernant (notre référence ${ref})`,
    responseSubject: (ref) => `Notre réponse à votre demande d'accès aux images vous concernant (notre référence ${ref})`,
    greeting: (name) => `Bonjour ${name},`,
    received: (on, from, to, cameras) => `Nous avons reçu le ${on} votre demande d'accès aux images vous concernant enregistrées entre le ${from} et le ${to} (${cameras}).`,
    held: "Nous avons mis ces images de côté afin qu'elles ne soient pas supprimées pendant le traitement de votre demande.",
    dueBy: (date, deadline) => `Nous vous répondrons au plus tard le ${date} (la loi nous accorde ${deadline}).`,
    extended: (date, reason) => `Nous avons prolongé le délai de réponse jusqu'au ${date}, pour le motif suivant : ${reason}`,
    identity: "Nous ne remettons les images qu'à la personne qu'elles montrent ; nous pourrons donc vous demander de confirmer votre identité.",
    others: 'Pour protéger les autres personnes, toute autre personne visible dans les images est floutée ou masquée.',
    youAsked: (on, from, to, cameras) => `Le ${on}, vous nous avez demandé les images vous concernant enregistrées entre le ${from} et le ${to} (${cameras}).`,
    enclosed: (id) =>
      `Vous trouverez ci-joint une copie des images vous concernant que nous détenons (export ${id}). Elle est accompagnée d'une liste signée de ses fichiers et de leurs empreintes, qui vous permet de vérifier que rien n'a été modifié.`,
    noneFound: "Nous avons examiné ces enregistrements et ne détenons aucune image de vous pour cette période.",
    whyTitle: 'Finalités de ces enregistrements',
    recipientsTitle: 'Destinataires de ces images',
    recipientsNone: "Aucun : ces images n'ont été communiquées à personne hors de l'entreprise.",
    recipient: (at, to, basis) => `${at} : ${to} (base légale : ${basis})`,
    rightsTitle: 'Vos droits',
    complain: (r) => `Si le traitement de votre demande ne vous satisfait pas, vous pouvez introduire une réclamation auprès de ${r}.`,
    contactUs: (c) => `Pour toute question au sujet de cette lettre, adressez-vous à ${c}.`,
    signOff: "Veuillez agréer nos salutations distinguées.",
    reference: 'Notre référence',
    date: 'Date',
  },
  es: {
    ackSubject: (ref) => `Su solicitud de acceso a imágenes en las que aparece (nuestra referencia ${ref})`,
    responseSubject: (ref) => `Respuesta a su solicitud de acceso a imágenes en las que aparece (nuestra referencia ${ref})`,
    greeting: (name) => `Estimado/a ${name}:`,
    received: (on, from, to, cameras) => `El ${on} recibimos su solicitud de acceso a las imágenes en las que aparece grabadas entre el ${from} y el ${to} (${cameras}).`,
    held: 'Hemos apartado esas imágenes para que no se borren mientras tramitamos su solicitud.',
    dueBy: (date, deadline) => `Le responderemos a más tardar el ${date} (la ley nos concede ${deadline}).`,
    extended: (date, reason) => `Hemos prorrogado el plazo de respuesta hasta el ${date}, por el siguiente motivo: ${reason}`,
    identity: 'Solo entregamos las imágenes a la persona que aparece en ellas, por lo que podemos pedirle que confirme su identidad.',
    others: 'Para proteger a otras personas, cualquier otra persona visible en las imágenes aparece difuminada u ocultada.',
    youAsked: (on, from, to, cameras) => `El ${on} nos solicitó las imágenes en las que aparece grabadas entre el ${from} y el ${to} (${cameras}).`,
    enclosed: (id) =>
      `Adjuntamos una copia de las imágenes suyas que conservamos (exportación ${id}). Va acompañada de una lista firmada de sus archivos y de sus huellas digitales, que le permite comprobar que no se ha modificado nada.`,
    noneFound: 'Hemos revisado esas grabaciones y no conservamos ninguna imagen suya de ese periodo.',
    whyTitle: 'Finalidad de estas grabaciones',
    recipientsTitle: 'A quién se han comunicado estas imágenes',
    recipientsNone: 'A nadie: estas imágenes no se han comunicado fuera de la empresa.',
    recipient: (at, to, basis) => `${at}: ${to} (base jurídica: ${basis})`,
    rightsTitle: 'Sus derechos',
    complain: (r) => `Si no está satisfecho/a con la tramitación de su solicitud, puede presentar una reclamación ante ${r}.`,
    contactUs: (c) => `Para cualquier consulta sobre esta carta, diríjase a ${c}.`,
    signOff: 'Atentamente,',
    reference: 'Nuestra referencia',
    date: 'Fecha',
  },
  'zh-Hans': {
    ackSubject: (ref) => `关于您索取本人录像的申请（我方编号 ${ref}）`,
    responseSubject: (ref) => `对您索取本人录像申请的答复（我方编号 ${ref}）`,
    greeting: (name) => `${name}：您好！`,
    received: (on, from, to, cameras) => `我们已于 ${on} 收到您的申请，索取 ${from} 至 ${to} 期间录制的您本人的录像（${cameras}）。`,
    held: '我们已将该段录像单独保存，在处理您的申请期间不会删除。',
    dueBy: (date, deadline) => `我们最迟将于 ${date} 答复您（法律给予我们的期限为${deadline}）。`,
    extended: (date, reason) => `我们已将答复期限延长至 ${date}，原因如下：${reason}`,
    identity: '我们只向录像中本人提供录像，因此可能会请您确认身份。',
    others: '为保护他人，录像中出现的其他人均已模糊处理或遮挡。',
    youAsked: (on, from, to, cameras) => `您于 ${on} 向我们索取 ${from} 至 ${to} 期间录制的您本人的录像（${cameras}）。`,
    enclosed: (id) => `随函附上我们保存的您本人录像的副本（导出编号 ${id}），并附有经签名的文件清单及其指纹，您可据此核实内容未被修改。`,
    noneFound: '我们已查阅上述录像，并未保存该时段内您本人的任何录像。',
    whyTitle: '录像目的',
    recipientsTitle: '该录像曾提供给谁',
    recipientsNone: '无：该录像未曾向本商户以外的任何人提供。',
    recipient: (at, to, basis) => `${at}：${to}（法律依据：${basis}）`,
    rightsTitle: '您的权利',
    complain: (r) => `如您对我们处理申请的方式不满意，可以向${r}投诉。`,
    contactUs: (c) => `如对本函有任何疑问，请联系${c}。`,
    signOff: '此致',
    reference: '我方编号',
    date: '日期',
  },
  'zh-Hant': {
    ackSubject: (ref) => `關於您索取本人錄影的申請（我方編號 ${ref}）`,
    responseSubject: (ref) => `對您索取本人錄影申請的答覆（我方編號 ${ref}）`,
    greeting: (name) => `${name}：您好！`,
    received: (on, from, to, cameras) => `我們已於 ${on} 收到您的申請，索取 ${from} 至 ${to} 期間錄製的您本人的錄影（${cameras}）。`,
    held: '我們已將該段錄影單獨保存，在處理您的申請期間不會刪除。',
    dueBy: (date, deadline) => `我們最遲將於 ${date} 答覆您（法律給予我們的期限為${deadline}）。`,
    extended: (date, reason) => `我們已將答覆期限延長至 ${date}，原因如下：${reason}`,
    identity: '我們只向錄影中本人提供錄影，因此可能會請您確認身分。',
    others: '為保護他人，錄影中出現的其他人均已模糊處理或遮擋。',
    youAsked: (on, from, to, cameras) => `您於 ${on} 向我們索取 ${from} 至 ${to} 期間錄製的您本人的錄影（${cameras}）。`,
    enclosed: (id) => `隨函附上我們保存的您本人錄影的副本（匯出編號 ${id}），並附有經簽署的檔案清單及其指紋，您可據此核實內容未被修改。`,
    noneFound: '我們已查閱上述錄影，並未保存該時段內您本人的任何錄影。',
    whyTitle: '錄影目的',
    recipientsTitle: '該錄影曾提供給誰',
    recipientsNone: '無：該錄影未曾向本商家以外的任何人提供。',
    recipient: (at, to, basis) => `${at}：${to}（法律依據：${basis}）`,
    rightsTitle: '您的權利',
    complain: (r) => `如您對我們處理申請的方式不滿意，可以向${r}提出申訴。`,
    contactUs: (c) => `如對本函有任何疑問，請聯絡${c}。`,
    signOff: '此致',
    reference: '我方編號',
    date: '日期',
  },
};
