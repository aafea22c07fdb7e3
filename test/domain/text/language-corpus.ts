/**
 * Hand-written social posts (written for this project, not copied from any data set) in the four languages
 * the classifier supports: social register, @handles, emoji, hashtags, abbreviations and typos.
 */
export const supportedCorpus: Readonly<Record<'en' | 'es' | 'fr' | 'de', readonly string[]>> = {
  en: [
    '@AcmeBank my card got declined AGAIN at the supermarket 😡 what is going on??',
    'hey @AcmeAir my flight got cancelled and nobody at the gate knows anything. great job guys 🙄',
    "Still waiting for my refund, it's been 3 weeks. Can someone pls DM me",
    'Just wanted to say the staff at the Leeds store were amazing today ❤️ #happycustomer',
    'why does the app keep logging me out every time i open it?? fix it pls',
    'ordered a sofa 6 weeks ago and still no delivery date, this is ridiculous',
    'Love the new update, the dark mode looks sick 🔥',
    'Does anyone know if @AcmeTel is down in Manchester? no signal since this morning',
    'my parcel says delivered but theres nothing here, neighbour hasnt got it either',
    'Thank you so much for sorting out my bill so quickly, really appreciate it!',
    'can u add apple pay to the app? would make life so much easier',
    'charged twice for the same order, need my money back asap',
  ],
  es: [
    '@AcmeBank me han cobrado dos veces la misma compra 😡 quiero mi dinero ya',
    'Llevo una semana esperando el pedido y nadie me dice nada, vaya servicio',
    'hola @AcmeAir mi vuelo se ha cancelado y no me dan ninguna solución!!',
    'la app no funciona desde ayer, no puedo entrar en mi cuenta',
    'Muchas gracias al equipo de la tienda de Valencia, super amables 😍',
    'q alguien me explique pq me llega la factura tan cara este mes',
    'Mi paquete pone entregado pero aquí no ha llegado nada, ya estoy harto',
    'podrían añadir modo oscuro a la aplicación? sería genial',
    'Sin internet en todo el barrio desde esta mañana, alguna noticia? #caida',
    'necesito cambiar la dirección de envío de mi pedido, cómo lo hago?',
    'El servicio al cliente es malísimo, me colgaron el teléfono dos veces',
  ],
  fr: [
    "@AcmeBank ma carte a encore été refusée au supermarché 😡 c'est quoi le problème ?",
    "ça fait trois semaines que j'attends mon remboursement, personne ne répond",
    "Mon vol a été annulé et aucune info à l'aéroport, merci pour rien @AcmeAir",
    "l'appli plante à chaque fois que je l'ouvre, vous pouvez corriger svp",
    "Un grand merci à l'équipe du magasin de Lyon, toujours au top 👏",
    "mon colis est marqué livré mais j'ai rien reçu, c'est la troisième fois",
    "Plus de connexion internet depuis ce matin dans tout le quartier, c'est quand que ça revient ?",
    'vous pourriez ajouter le paiement par Apple Pay ? ce serait vraiment pratique',
    "On m'a facturé deux fois le même abonnement, je veux être remboursé",
    'impossible de me connecter à mon compte depuis hier soir, le mot de passe ne marche pas',
    'Service client injoignable depuis une semaine, je suis vraiment déçu',
  ],
  de: [
    '@AcmeBank meine Karte wurde schon wieder abgelehnt 😡 was ist da los?',
    'Warte seit drei Wochen auf meine Erstattung und keiner meldet sich',
    'Mein Flug wurde gestrichen und am Schalter weiß niemand Bescheid, danke für nichts @AcmeAir',
    'die App stürzt jedes mal ab wenn ich sie öffne, bitte mal fixen',
    'Vielen Dank an das Team in der Filiale in Hamburg, super freundlich 👍',
    'Paket als zugestellt markiert aber hier ist nichts angekommen, echt ärgerlich',
    'Seit heute morgen kein Internet im ganzen Viertel, wann geht das wieder?',
    'könntet ihr bitte Apple Pay in der App einbauen? wäre echt praktisch',
    'Mir wurde das Abo zweimal abgebucht, ich will mein Geld zurück',
    'Kann mich seit gestern Abend nicht mehr in mein Konto einloggen, Passwort geht nicht',
    'Der Kundenservice ist eine Katastrophe, niemand geht ans Telefon',
  ],
};

/** Posts in languages the classifier is not built for: detected with their own code, `supported: false`. */
export const unsupportedCorpus: ReadonlyArray<{ text: string; code: string }> = [
  { text: 'Meu pedido ainda não chegou e ninguém me responde, que absurdo @AcmeShop', code: 'pt' },
  { text: 'Obrigado pelo atendimento de hoje, vocês são demais! 😍 voltarei com certeza', code: 'pt' },
  { text: 'Il mio ordine non è ancora arrivato e nessuno mi risponde, che vergogna', code: 'it' },
  { text: "@AcmeAir il volo è stato cancellato e all'aeroporto nessuno sa niente 😤", code: 'it' },
  { text: 'Pesanan saya belum sampai juga, tolong dibantu ya min 🙏', code: 'id' },
  { text: 'Kenapa aplikasinya tidak bisa dibuka dari kemarin? mohon segera diperbaiki', code: 'id' },
  { text: 'Mijn pakket is nog steeds niet bezorgd, wat is hier aan de hand?', code: 'nl' },
  { text: '注文した商品がまだ届きません。どうなっていますか？', code: 'ja' },
];
